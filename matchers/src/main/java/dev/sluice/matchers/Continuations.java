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
 *
 * <p>One may outlive its session: the bodies of a sequence (a WebSocket's messages one way) each
 * have a session of their own, and the next one's is given the same instance
 * ({@link MatchEngine#newSession(Direction, MatchListener, Continuations)}) after
 * {@link #nextBody}. A match grown from a finding an earlier body reported, of the same detector,
 * is then not reported again: that body's event named it, and only this body's part is left to
 * mask. Not thread-safe, like its sessions.
 */
public final class Continuations {
    static final int KEPT = 16;

    /** What a finding is to those reported before it. */
    enum Relation {
        /** Nothing reported starts where it does: a finding of its own. */
        NEW,
        /**
         * Grown from a finding reported before, whose detector outranks its own, or from one of
         * its own detector that an earlier body reported: not reported again.
         */
        OUTRANKED,
        /** Grown from a finding reported before, of its detector or one it outranks: reported in its place. */
        SUPERSEDES
    }

    private Detector[] detectors;
    private long[] starts;
    /** Whether each finding was reported with an earlier body of the sequence. */
    private boolean[] earlierBody;
    private int next;
    /** The detector a {@link Relation#SUPERSEDES} answer replaced. */
    private Detector superseded;

    /** For one session, or for the sessions of a sequence of bodies one after the other. */
    public Continuations() {
    }

    /** The session has begun joining values: findings are remembered from now on. */
    void enable() {
        if (detectors == null) {
            detectors = new Detector[KEPT];
            starts = new long[KEPT];
            earlierBody = new boolean[KEPT];
        }
    }

    /**
     * The next body of the sequence begins {@code shift} bytes after the last one began: the
     * findings remembered move to where they lie before it, and count as an earlier body's.
     */
    public void nextBody(long shift) {
        if (detectors == null) {
            return;
        }
        for (int i = 0; i < KEPT; i++) {
            starts[i] -= shift;
            earlierBody[i] = true;
        }
    }

    /** A copy in this state, that changes apart from it (a held body read again). */
    public Continuations copy() {
        Continuations c = new Continuations();
        if (detectors != null) {
            c.detectors = detectors.clone();
            c.starts = starts.clone();
            c.earlierBody = earlierBody.clone();
        }
        c.next = next;
        return c;
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
            if (earlier.priority() > d.priority() || earlierBody[i] && earlier.id().equals(d.id())) {
                return Relation.OUTRANKED;
            }
            superseded = earlier;
            detectors[i] = d;
            earlierBody[i] = false;
            return Relation.SUPERSEDES;
        }
        detectors[next] = d;
        starts[next] = wireStart;
        earlierBody[next] = false;
        next = (next + 1) % KEPT;
        return Relation.NEW;
    }

    /** After {@link Relation#SUPERSEDES}: the detector of the finding that lost. */
    Detector superseded() {
        return superseded;
    }
}
