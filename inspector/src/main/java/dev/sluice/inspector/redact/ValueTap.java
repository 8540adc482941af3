package dev.sluice.inspector.redact;

import dev.sluice.inspector.ValueSyntax;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;

/**
 * Sits between a parser and the matcher in a rewriting session: passes every call on, and
 * records in the {@link ValueLedger} each value's syntax and wire span, so a finding's
 * replacement can be written for where its value stands.
 */
final class ValueTap implements ValueSink {
    private final ValueSink next;
    private final ValueSyntax syntax;
    private final ValueLedger ledger;

    ValueTap(ValueSink next, ValueSyntax syntax, ValueLedger ledger) {
        this.next = next;
        this.syntax = syntax;
        this.ledger = ledger;
    }

    @Override
    public void beginValue(FieldContext field) {
        ledger.begin(syntax);
        next.beginValue(field);
    }

    @Override
    public boolean skipsNumber(FieldContext field, int length) {
        return next.skipsNumber(field, length);
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        if (len > 0) {
            ledger.extend(wireOffset, wireOffset + len);
        }
        next.verbatim(buf, off, len, wireOffset);
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        if (len > 0) {
            ledger.extend(wireStart, wireEnd);
        }
        next.escaped(buf, off, len, wireStart, wireEnd);
    }

    @Override
    public void endValue() {
        next.endValue();
    }
}
