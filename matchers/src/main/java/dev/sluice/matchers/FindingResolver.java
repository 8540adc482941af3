package dev.sluice.matchers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Holds a session's confirmed findings until no later finding can overlap them, then keeps
 * one finding per value: where spans overlap, the most specific detector wins (higher
 * priority, then the longer span, then the earlier one), as TAXONOMY.md's "one label per
 * value" rule asks. Attack findings only compete with each other.
 *
 * <p>A finding is released once the scan has moved {@link #HORIZON} bytes past its end: no
 * candidate is longer than that, so nothing found later can start before it ends. A session
 * that rewrites its body also passes the lowest position a later finding could start at (its
 * release frontier), and a finding that ends at or before it is released at once: nothing
 * could join its cluster any more either way. The outcome therefore does not depend on how
 * the body was chunked, nor on the frontier.
 */
final class FindingResolver {
    static final long HORIZON = 80 * 1024;

    /**
     * A confirmed finding waiting for release. Its preview and value hash are made from
     * {@code decoded} when it is released as a winner ({@link #toMatch}): about half of all
     * confirmed findings lose to a more specific one that overlaps them and never need either.
     *
     * @param wireStart      wire offset of the finding's first byte
     * @param wireEnd        wire offset just past its last byte
     * @param valueIndex     which value of the session (counted from 0 in {@code beginValue} order)
     * @param valueFrom      decoded position of that value's first byte
     * @param heldFrom       wire offset from which a rewriter must hold the body until the finding
     *                       is released: its value's first byte for a value replaced whole (a JSON
     *                       number), else its own
     * @param decoded        the decoded bytes of {@code [from, to)}; zeroed once the finding is
     *                       released or dropped
     * @param replayedSpans  for a rewriting session's finding that starts in bytes replayed from
     *                       earlier values ({@link ValueSink#context}), the wire spans of its part
     *                       there, as start and end pairs; otherwise null
     */
    record Pending(Detector detector, long from, long to, long wireStart, long wireEnd, String path, String key,
                   String origin, long valueIndex, long valueFrom, long heldFrom, byte[] decoded,
                   long[] replayedSpans) {
        /** The finding as reported: masked preview and keyed hash of its bytes, never the bytes. */
        Match toMatch(ValueHasher hasher) {
            return new Match(detector, wireStart, wireEnd, path, key,
                    Previews.mask(decoded, 0, decoded.length, detector.category()),
                    hasher.hash(decoded, 0, decoded.length), origin);
        }

        @Override
        public String toString() {
            return "Pending[" + detector.id() + " " + wireStart + ".." + wireEnd + " " + path + "]";
        }
    }

    /** Receives each released winner. */
    @FunctionalInterface
    interface Winners {
        void emit(Pending winner);
    }

    private static final Comparator<Pending> BY_START = Comparator.comparingLong(Pending::from)
            .thenComparingLong(Pending::to);

    private final List<Pending> pending = new ArrayList<>();
    private final List<Pending> cluster = new ArrayList<>();
    /**
     * Whether {@link #pending} is in {@link #BY_START} order. Findings mostly arrive in it, and a
     * session releases after every input chunk: sorting anew each time cost a body sent in
     * one-byte chunks a sort of every waiting finding per byte.
     */
    private boolean inOrder = true;

    void add(Pending p) {
        if (inOrder && !pending.isEmpty() && BY_START.compare(p, pending.getLast()) < 0) {
            inOrder = false;
        }
        pending.add(p);
    }

    int size() {
        return pending.size();
    }

    /** The lowest {@code heldFrom} of a finding still waiting, or {@code Long.MAX_VALUE}. */
    long minHeldFrom() {
        long min = Long.MAX_VALUE;
        for (Pending p : pending) {
            min = Math.min(min, p.heldFrom());
        }
        return min;
    }

    /**
     * Releases every finding that can no longer be overlapped at scan position {@code scanned},
     * or that ends at or before {@code frontier} (no later finding starts before it; pass
     * {@code Long.MIN_VALUE} when not known).
     */
    void release(long scanned, boolean all, long frontier, Winners listener) {
        if (pending.isEmpty()) {
            return;
        }
        if (!inOrder) {
            pending.sort(BY_START); // stable: findings that start and end alike keep their order
            inOrder = true;
        }
        int i = 0;
        while (i < pending.size()) {
            int j = i;
            long clusterEnd = pending.get(i).to();
            while (j + 1 < pending.size() && pending.get(j + 1).from() < clusterEnd) {
                j++;
                clusterEnd = Math.max(clusterEnd, pending.get(j).to());
            }
            if (!all && clusterEnd + HORIZON > scanned && clusterEnd > frontier) {
                break;
            }
            cluster.clear();
            for (int k = i; k <= j; k++) {
                cluster.add(pending.get(k));
            }
            emitWinners(listener);
            for (int k = i; k <= j; k++) {
                java.util.Arrays.fill(pending.get(k).decoded(), (byte) 0);
            }
            i = j + 1;
        }
        pending.subList(0, i).clear();
    }

    private void emitWinners(Winners listener) {
        while (!cluster.isEmpty()) {
            Pending best = null;
            for (Pending p : cluster) {
                if (best == null || better(p, best)) {
                    best = p;
                }
            }
            listener.emit(best);
            Pending winner = best;
            cluster.removeIf(p -> p == winner || (overlaps(p, winner) && competes(p, winner)));
        }
    }

    private static boolean overlaps(Pending a, Pending b) {
        return a.from() < b.to() && b.from() < a.to();
    }

    private static boolean competes(Pending a, Pending b) {
        return competes(a.detector(), b.detector());
    }

    /** Whether findings of two detectors that overlap compete: attack findings only meet their own detector's. */
    static boolean competes(Detector a, Detector b) {
        boolean aAttack = a.category() == Category.ATTACK;
        boolean bAttack = b.category() == Category.ATTACK;
        return aAttack == bAttack && (!aAttack || a == b);
    }

    private static boolean better(Pending a, Pending b) {
        if (a.detector().priority() != b.detector().priority()) {
            return a.detector().priority() > b.detector().priority();
        }
        long la = a.to() - a.from();
        long lb = b.to() - b.from();
        if (la != lb) {
            return la > lb;
        }
        return a.from() < b.from();
    }
}
