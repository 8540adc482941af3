package dev.sluice.inspector.redact;

import dev.sluice.inspector.ValueSyntax;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ForwardingValueSink;
import dev.sluice.matchers.ValueSink;

/**
 * Sits between a parser and the matcher in a rewriting session: passes every call on, and
 * records in the {@link ValueLedger} each value's syntax and wire span (its own bytes, not
 * those replayed before them, which may have left already), so a finding's replacement can be
 * written for where its value stands.
 */
final class ValueTap extends ForwardingValueSink {
    private final ValueSyntax syntax;
    private final ValueLedger ledger;

    ValueTap(ValueSink next, ValueSyntax syntax, ValueLedger ledger) {
        super(next);
        this.syntax = syntax;
        this.ledger = ledger;
    }

    @Override
    public void beginValue(FieldContext field) {
        ledger.begin(syntax);
        super.beginValue(field);
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        if (len > 0) {
            ledger.extend(wireOffset, wireOffset + len);
        }
        super.verbatim(buf, off, len, wireOffset);
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        if (len > 0) {
            ledger.extend(wireStart, wireEnd);
        }
        super.escaped(buf, off, len, wireStart, wireEnd);
    }
}
