package dev.sluice.matchers;

/**
 * Tells a finding that only grew from one already reported: once a session has joined values
 * ({@link ValueSink#context}), a match that starts in the replayed bytes at the same wire offset,
 * for the same detector, as a finding reported with an earlier value is that finding again, one
 * piece longer (a token streamed a few bytes per event matches again with every piece). Remembers
 * the last {@value #KEPT} findings reported; a session that never joins values pays nothing.
 */
final class Continuations {
    static final int KEPT = 16;

    private Detector[] detectors;
    private long[] starts;
    private int next;

    /** The session has begun joining values: findings are remembered from now on. */
    void enable() {
        if (detectors == null) {
            detectors = new Detector[KEPT];
            starts = new long[KEPT];
        }
    }

    /**
     * Whether a finding about to be reported continues one reported before; if not, it is
     * remembered as reported.
     */
    boolean continues(Detector d, long wireStart) {
        if (detectors == null) {
            return false;
        }
        for (int i = 0; i < KEPT; i++) {
            if (detectors[i] == d && starts[i] == wireStart) {
                return true;
            }
        }
        detectors[next] = d;
        starts[next] = wireStart;
        next = (next + 1) % KEPT;
        return false;
    }
}
