package dev.sluice.inspector.delta;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A value sink that keeps only what is replayed to it: each context call as {@code bytes@start-end}, and the byte count. */
final class ReplayRecorder implements ValueSink {
    final List<String> calls = new ArrayList<>();
    long bytes;

    @Override
    public void beginValue(FieldContext field) {
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
    }

    @Override
    public void context(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        calls.add(new String(buf, off, len, StandardCharsets.ISO_8859_1) + "@" + wireStart + "-" + wireEnd);
        bytes += len;
    }

    @Override
    public void endValue() {
    }
}
