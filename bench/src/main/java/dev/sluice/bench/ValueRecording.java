package dev.sluice.bench;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ScanSession;
import dev.sluice.matchers.ValueSink;
import java.util.Arrays;

/**
 * Everything the JSON parser hands the matchers for one body, recorded once so that it can be
 * replayed into a fresh {@link ScanSession} without parsing: each value's field context, its
 * decoded bytes with their wire offsets (verbatim runs and escapes), and the end of every
 * input chunk, where the live session flushes the matcher. Replaying therefore gives the
 * matchers exactly the calls they get during a full inspection, in the same order.
 *
 * <p>Memory is about three times the body; it is a benchmark fixture, built in setup.
 */
final class ValueRecording implements ValueSink {
    private static final byte BEGIN = 0;
    private static final byte VERBATIM = 1;
    private static final byte ESCAPED = 2;
    private static final byte END = 3;
    private static final byte FLUSH = 4;

    // One entry per call. For BEGIN, ref is the context index; otherwise the offset into data.
    private byte[] kind = new byte[4096];
    private int[] ref = new int[4096];
    private int[] len = new int[4096];
    private long[] wireStart = new long[4096];
    private long[] wireEnd = new long[4096];
    private int events;

    private byte[] data = new byte[1 << 16];
    private int dataSize;

    // key, parent key, label and path of each value, in order.
    private String[][] contexts = new String[1024][];
    private int values;

    private ValueRecording() {
    }

    /**
     * Parses {@code body} as the inspector's JSON parser does when fed {@code chunk} bytes at a
     * time, and records what reaches the matchers. Throws when the body does not parse completely.
     */
    static ValueRecording ofJsonBody(byte[] body, int chunk, InspectionLimits limits) {
        ValueRecording rec = new ValueRecording();
        JsonBodyFeeder.requireComplete(JsonBodyFeeder.parse(body, chunk, limits, rec,
                () -> rec.add(FLUSH, 0, 0, 0, 0)));
        return rec;
    }

    /** Feeds the recorded calls into {@code session}; the caller closes it. */
    void replayInto(ScanSession session) {
        FieldContext field = new FieldContext();
        for (int i = 0; i < events; i++) {
            switch (kind[i]) {
                case BEGIN -> {
                    String[] c = contexts[ref[i]];
                    field.clear().key(c[0]).parentKey(c[1]).label(c[2]).path().append(c[3]);
                    session.beginValue(field);
                }
                case VERBATIM -> session.verbatim(data, ref[i], len[i], wireStart[i]);
                case ESCAPED -> session.escaped(data, ref[i], len[i], wireStart[i], wireEnd[i]);
                case END -> session.endValue();
                default -> session.flush();
            }
        }
    }

    /** Number of values recorded. */
    int values() {
        return values;
    }

    /** Number of decoded bytes recorded (value bytes, not counting separators). */
    long decodedBytes() {
        return dataSize;
    }

    @Override
    public void beginValue(FieldContext field) {
        if (values == contexts.length) {
            contexts = Arrays.copyOf(contexts, values * 2);
        }
        contexts[values] = new String[] {field.key(), field.parentKey(), field.label(), field.path().toString()};
        add(BEGIN, values++, 0, 0, 0);
    }

    @Override
    public void verbatim(byte[] buf, int off, int n, long wireOffset) {
        add(VERBATIM, copy(buf, off, n), n, wireOffset, wireOffset + n);
    }

    @Override
    public void escaped(byte[] buf, int off, int n, long start, long end) {
        add(ESCAPED, copy(buf, off, n), n, start, end);
    }

    @Override
    public void endValue() {
        add(END, 0, 0, 0, 0);
    }

    private int copy(byte[] buf, int off, int n) {
        if (dataSize + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataSize + n));
        }
        System.arraycopy(buf, off, data, dataSize, n);
        int at = dataSize;
        dataSize += n;
        return at;
    }

    private void add(byte k, int r, int n, long ws, long we) {
        if (events == kind.length) {
            int cap = events * 2;
            kind = Arrays.copyOf(kind, cap);
            ref = Arrays.copyOf(ref, cap);
            len = Arrays.copyOf(len, cap);
            wireStart = Arrays.copyOf(wireStart, cap);
            wireEnd = Arrays.copyOf(wireEnd, cap);
        }
        kind[events] = k;
        ref[events] = r;
        len[events] = n;
        wireStart[events] = ws;
        wireEnd[events] = we;
        events++;
    }
}
