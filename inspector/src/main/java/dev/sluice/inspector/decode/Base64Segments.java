package dev.sluice.inspector.decode;

/**
 * Where a base64 text that is several texts written one after another ended one early: the
 * decoded offsets at which padding closed a quantum, as grpc-web-text servers write each frame
 * on its own. {@link Base64DecodingSink} records them, and a rewriting session's output
 * ({@code Base64Output}) ends its quanta at the same offsets, so a body left unchanged leaves as
 * the same text, byte for byte. At most {@value #MAX} offsets wait to be taken; past that the
 * newest are not kept and the output joins those texts into one, which decodes the same.
 */
public final class Base64Segments {
    static final int MAX = 4096;

    private final long[] ends = new long[MAX];
    private int head;
    private int size;
    private boolean unpaddedEnd;

    /** The text ended a quantum with padding after {@code decoded} bytes. */
    void ended(long decoded) {
        if (size < MAX) {
            ends[(head + size) % MAX] = decoded;
            size++;
        }
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
            head = (head + 1) % MAX;
            size--;
        }
    }

    /** Whether the text ended without padding. */
    public boolean unpaddedEnd() {
        return unpaddedEnd;
    }
}
