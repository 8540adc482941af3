package dev.sluice.matchers;

/**
 * Tells what a finding about to be reported is to those reported before it, once a session has
 * joined values ({@link ValueSink#context}): a match that starts in replayed bytes at the same
 * wire offset as a finding reported with an earlier value is that match again, one piece longer
 * (a token streamed a few bytes per event matches again with every piece). It supersedes the
 * earlier finding when its detector is the same (the match grew: the finding now ends later) or
 * ranks at least as high (a token read as a generic key until its signature showed a JWT); it is
 * the earlier finding, outranked, when the earlier one's detector ranks higher (the rule
 * {@link FindingResolver} applies to overlapping findings of one body; attack findings only meet
 * findings of their own detector). Remembers the last {@value #KEPT} findings reported; a
 * session that never joins values pays nothing.
 */
final class Continuations {
    static final int KEPT = 16;

    /** What a finding is to those reported before it. */
    enum Relation {
        /** Nothing reported starts where it does: a finding of its own. */
        NEW,
        /** Grown from a finding reported before, whose detector outranks its own: not reported again. */
        OUTRANKED,
        /** Grown from a finding reported before, of its detector or one it outranks: reported in its place. */
        SUPERSEDES
    }

    private Detector[] detectors;
    private long[] starts;
    private int next;
    /** The detector a {@link Relation#SUPERSEDES} answer replaced. */
    private Detector superseded;

    /** The session has begun joining values: findings are remembered from now on. */
    void enable() {
        if (detectors == null) {
            detectors = new Detector[KEPT];
            starts = new long[KEPT];
        }
    }

    /** What a finding about to be reported is; one that will be reported is remembered as such. */
    Relation relate(Detector d, long wireStart) {
        if (detectors == null) {
            return Relation.NEW;
        }
        for (int i = 0; i < KEPT; i++) {
            Detector earlier = detectors[i];
            if (earlier == null || starts[i] != wireStart || !FindingResolver.competes(earlier, d)) {
                continue;
            }
            if (earlier.priority() > d.priority()) {
                return Relation.OUTRANKED;
            }
            superseded = earlier;
            detectors[i] = d;
            return Relation.SUPERSEDES;
        }
        detectors[next] = d;
        starts[next] = wireStart;
        next = (next + 1) % KEPT;
        return Relation.NEW;
    }

    /** After {@link Relation#SUPERSEDES}: the detector of the finding that lost. */
    Detector superseded() {
        return superseded;
    }
}
