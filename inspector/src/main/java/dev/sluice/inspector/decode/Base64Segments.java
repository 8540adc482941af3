package dev.sluice.inspector.decode;

/**
 * Where a base64 text that is several texts written one after another ended one early: the
 * decoded offsets at which padding closed a quantum, as grpc-web-text servers write each frame
 * on its own. {@link Base64DecodingSink} records them, and a rewriting session's output
 * ({@code Base64Output}) ends its quanta at the same offsets, so a body left unchanged leaves as
 * the same text, byte for byte. At most {@value #MAX} offsets wait to be taken (the ring grows
 * to that from a few); past that the newest are not kept and the output joins those texts into
 * one, which decodes the same.
 */
public final class Base64Segments {
    static final int MAX = 4096;
    /** Room at first: a small answer has a few frames, and a session should not pay for 4,096. */
    private static final int FIRST = 16;

    private long[] ends = new long[FIRST];
    private int head;
    private int size;
    private boolean unpaddedEnd;

    /** The text ended a quantum with padding after {@code decoded} bytes. */
    void ended(long decoded) {
        if (size == ends.length) {
            if (size == MAX) {
                return;
            }
            grow();
        }
        ends[(head + size) % ends.length] = decoded;
        size++;
    }

    /** Doubles the ring (at most to {@value #MAX}), the waiting offsets first and in order. */
    private void grow() {
        long[] bigger = new long[Math.min(MAX, ends.length * 2)];
        for (int i = 0; i < size; i++) {
            bigger[i] = ends[(head + i) % ends.length];
        }
        ends = bigger;
        head = 0;
    }

    /** The text's last quantum was cut short without padding (as gRPC writes binary metadata). */
    void endedUnpadded() {
        unpaddedEnd = true;
    }

    /** The next decoded offset at which a quantum ends early, or -1 when none is known. */
    public long next() {
        return size == 0 ? -1 : ends[head];
    }

    /** Takes the offset {@link #next} returned. */
    public void take() {
        if (size > 0) {
            head = (head + 1) % ends.length;
            size--;
        }
    }

    /** Whether the text ended without padding. */
    public boolean unpaddedEnd() {
        return unpaddedEnd;
    }
}
