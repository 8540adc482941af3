package dev.sluice.bench;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;

/** A sink that only counts what it is given, so the parser's work is not optimised away. */
final class CountingSink implements ValueSink {
    long values;
    long bytes;

    @Override
    public void beginValue(FieldContext field) {
        values++;
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        bytes += len;
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        bytes += len;
    }

    @Override
    public void endValue() {
        // nothing to count
    }
}
