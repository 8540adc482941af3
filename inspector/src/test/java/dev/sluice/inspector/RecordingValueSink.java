package dev.sluice.inspector;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Test sink: records every value with its context and, per decoded byte, the wire span it came
 * from ({@code [start, end)}: one byte for verbatim bytes, the whole escape for escaped ones).
 * That per-byte map is the canonical form of a value: it does not depend on how verbatim runs
 * were split into calls, so values recorded under different chunkings compare equal exactly
 * when the parser behaved the same. Also checks the {@link ValueSink} protocol (no nesting, no
 * bytes outside a value, no empty calls, wire offsets never going backwards) and, when given the
 * body, that every verbatim byte equals the wire byte it claims to be.
 *
 * <p>{@link #countingOnly()} keeps only counts, for bodies too large to record.
 */
public final class RecordingValueSink implements ValueSink {

    /** One recorded value. {@code toString} shows the decoded bytes: test data only. */
    public static final class Value {
        public final String key;
        public final String parentKey;
        public final String label;
        public final String firstLabel;
        public final String path;
        private byte[] bytes = new byte[16];
        private long[] starts = new long[16];
        private long[] ends = new long[16];
        private boolean[] verbatim = new boolean[16];
        private int length;

        Value(FieldContext f) {
            key = f.key();
            parentKey = f.parentKey();
            label = f.label();
            firstLabel = f.firstLabel();
            path = f.path().toString();
        }

        void add(byte b, long start, long end, boolean verb) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, length * 2);
                starts = Arrays.copyOf(starts, length * 2);
                ends = Arrays.copyOf(ends, length * 2);
                verbatim = Arrays.copyOf(verbatim, length * 2);
            }
            bytes[length] = b;
            starts[length] = start;
            ends[length] = end;
            verbatim[length] = verb;
            length++;
        }

        /**
         * The offset map in short: {@code start+len} for a verbatim run (adjacent runs merged),
         * {@code start~end} for one escape, comma-separated.
         */
        public String spans() {
            StringBuilder sb = new StringBuilder();
            int i = 0;
            while (i < length) {
                int j = i + 1;
                if (verbatim[i]) {
                    while (j < length && verbatim[j] && starts[j] == ends[j - 1]) {
                        j++;
                    }
                    sb.append(sb.isEmpty() ? "" : ",").append(starts[i]).append('+').append(j - i);
                } else {
                    while (j < length && !verbatim[j] && starts[j] == starts[i] && ends[j] == ends[i]) {
                        j++;
                    }
                    sb.append(sb.isEmpty() ? "" : ",").append(starts[i]).append('~').append(ends[i]);
                }
                i = j;
            }
            return sb.toString();
        }

        public int length() {
            return length;
        }

        public byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }

        public String text() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }

        public long wireStart(int i) {
            return starts[i];
        }

        public long wireEnd(int i) {
            return ends[i];
        }

        /** First wire offset of the value, or -1 when empty. */
        public long firstWire() {
            return length == 0 ? -1 : starts[0];
        }

        /** True when every wire offset in {@code [start, end)} lies in the span of some byte of this value. */
        public boolean covers(long start, long end) {
            long next = start;
            for (int i = 0; i < length && next < end; i++) {
                if (starts[i] <= next && ends[i] > next) {
                    next = ends[i];
                }
            }
            return next >= end;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Value v && Objects.equals(key, v.key) && Objects.equals(parentKey, v.parentKey)
                    && Objects.equals(label, v.label)
                    && Objects.equals(firstLabel, v.firstLabel) && path.equals(v.path)
                    && Arrays.equals(bytes, 0, length, v.bytes, 0, v.length)
                    && Arrays.equals(starts, 0, length, v.starts, 0, v.length)
                    && Arrays.equals(ends, 0, length, v.ends, 0, v.length)
                    && Arrays.equals(verbatim, 0, length, v.verbatim, 0, v.length);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, path, length);
        }

        @Override
        public String toString() {
            return "Value[key=" + key + ", parent=" + parentKey + ", path=" + path + ", text=" + text() + ", spans="
                    + spans() + "]";
        }
    }

    private final boolean countOnly;
    private final byte[] body;
    private final List<Value> values = new ArrayList<>();
    private Value current;
    private boolean open;
    private long lastWireEnd = Long.MIN_VALUE;
    private long bytes;
    private long valueCount;
    private long verbatimCalls;
    private String error;

    private RecordingValueSink(boolean countOnly, byte[] body) {
        this.countOnly = countOnly;
        this.body = body;
    }

    /** Records everything; verbatim bytes are checked against {@code body} when it is not null. */
    public static RecordingValueSink recording(byte[] body) {
        return new RecordingValueSink(false, body);
    }

    /** Counts values and bytes only (and still checks the protocol). */
    public static RecordingValueSink countingOnly() {
        return new RecordingValueSink(true, null);
    }

    @Override
    public void beginValue(FieldContext field) {
        if (open) {
            fail("beginValue inside a value");
        }
        open = true;
        valueCount++;
        if (!countOnly) {
            current = new Value(field);
            values.add(current);
        }
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        check(len, wireOffset, wireOffset + len);
        verbatimCalls++;
        bytes += len;
        if (countOnly) {
            return;
        }
        for (int i = 0; i < len; i++) {
            long w = wireOffset + i;
            if (body != null && (w < 0 || w >= body.length || body[(int) w] != buf[off + i])) {
                fail("verbatim byte " + i + " does not match wire offset " + w);
            }
            current.add(buf[off + i], w, w + 1, true);
        }
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        check(len, wireStart, wireEnd);
        bytes += len;
        if (countOnly) {
            return;
        }
        for (int i = 0; i < len; i++) {
            current.add(buf[off + i], wireStart, wireEnd, false);
        }
    }

    @Override
    public void endValue() {
        if (!open) {
            fail("endValue outside a value");
        }
        open = false;
        current = null;
    }

    private void check(int len, long wireStart, long wireEnd) {
        if (!open) {
            fail("bytes outside a value");
        }
        if (len <= 0) {
            fail("empty call");
        }
        if (wireEnd <= wireStart) {
            fail("empty wire span " + wireStart + ".." + wireEnd);
        }
        if (wireStart < lastWireEnd) {
            fail("wire offset went backwards: " + wireStart + " < " + lastWireEnd);
        }
        lastWireEnd = wireEnd;
    }

    private void fail(String what) {
        if (error == null) {
            error = what;
        }
    }

    public List<Value> values() {
        return values;
    }

    /** The first protocol violation seen, or null. */
    public String error() {
        return error;
    }

    /** True while a value is open (after the parser's end() this must be false). */
    public boolean isOpen() {
        return open;
    }

    public long byteCount() {
        return bytes;
    }

    public long valueCount() {
        return valueCount;
    }

    public long verbatimCalls() {
        return verbatimCalls;
    }
}
