package dev.sluice.matchers;

import java.util.Objects;

/**
 * Finds where a match starts from where it ends, for a pattern of the form
 * {@code [first][run]*S tail}: one byte of {@code first}, any number of {@code run} bytes, the
 * {@code stop} byte S, then a tail that never holds S ({@code email}: local part, '@',
 * domain). Hyperscan's start-of-match tracking of such a pattern follows every position of
 * every word, which halved the scan rate of the whole catalog; this walk costs only the length
 * of the match, once per reported end. For such a pattern it gives exactly Hyperscan's
 * leftmost start: the first {@code first} byte of the {@code run} bytes before the last S.
 * {@code first} must be a subset of {@code run}, and neither may hold S. Immutable.
 */
public final class StartWalk {
    private final boolean[] first;
    private final boolean[] run;
    private final int stop;

    private StartWalk(boolean[] first, boolean[] run, int stop) {
        this.first = first;
        this.run = run;
        this.stop = stop;
    }

    /**
     * @param first the bytes a match may start with, as the inside of a bracket class
     *              ({@code A-Za-z0-9_\-}: ASCII ranges, backslash before punctuation)
     * @param run   the bytes between the start and {@code stop}, in the same notation
     * @param stop  the one byte that separates the head from the tail
     */
    public static StartWalk of(String first, String run, char stop) {
        boolean[] f = ByteClass.parse(Objects.requireNonNull(first, "first"));
        boolean[] r = ByteClass.parse(Objects.requireNonNull(run, "run"));
        if (stop > 0x7F || f[stop] || r[stop]) {
            throw new IllegalArgumentException("start walk: stop byte must be ASCII and outside both classes");
        }
        for (int b = 0; b < 256; b++) {
            if (f[b] && !r[b]) {
                throw new IllegalArgumentException("start walk: 'first' must be a subset of 'run'");
            }
        }
        return new StartWalk(f, r, stop);
    }

    /**
     * The start of the match ending at {@code to}; -1 when it lies further back than
     * {@code maxLength} or than the window holds (such a candidate could not be validated
     * anyway). A start more than {@code maxLength} back may be returned as any position that
     * far back: the caller drops it as too long.
     */
    long start(DecodedWindow w, long to, int maxLength) {
        long lo = w.start();
        long bound = to - maxLength;
        long s = to - 1;
        while (s >= lo && s >= bound && w.at(s) != stop) {
            s--;
        }
        if (s < lo || s < bound) {
            return -1;
        }
        long stopAt = s;
        long q = stopAt;
        while (q > lo && run[w.at(q - 1)]) {
            q--;
            if (q < bound && first[w.at(q)]) {
                // A start this far back makes the match too long whatever follows.
                return q;
            }
        }
        if (q == lo && lo > 0) {
            return -1;
        }
        for (long p = q; p < stopAt; p++) {
            if (first[w.at(p)]) {
                return p;
            }
        }
        return -1;
    }
}
