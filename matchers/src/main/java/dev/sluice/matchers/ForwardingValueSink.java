package dev.sluice.matchers;

/**
 * A {@link ValueSink} that passes every call on to another: the base of sinks that sit between
 * a parser and the matcher to watch values go by, overriding only the calls they watch (and
 * calling {@code super} to pass them on).
 */
public abstract class ForwardingValueSink implements ValueSink {
    private final ValueSink next;

    protected ForwardingValueSink(ValueSink next) {
        this.next = java.util.Objects.requireNonNull(next, "next");
    }

    /** The sink every call goes on to. */
    protected final ValueSink next() {
        return next;
    }

    @Override
    public void beginValue(FieldContext field) {
        next.beginValue(field);
    }

    @Override
    public boolean skipsNumber(FieldContext field, int length) {
        return next.skipsNumber(field, length);
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        next.verbatim(buf, off, len, wireOffset);
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        next.escaped(buf, off, len, wireStart, wireEnd);
    }

    @Override
    public void context(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        next.context(buf, off, len, wireStart, wireEnd);
    }

    @Override
    public void endValue() {
        next.endValue();
    }
}
