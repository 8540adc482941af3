package dev.sluice.matchers;

import java.util.Objects;

/**
 * Finds where a match starts from where it ends, for a pattern of the form
 * {@code [first][run]*S tail}: one byte of {@code first}, any number of {@code run} bytes, the
 * stop S (one byte or a short literal), then a tail that never holds the last byte of S
 * ({@code email}: local part, '@', domain; {@code basic_auth_url}: scheme, "://", then
 * credentials and host, none of which holds a '/'). Hyperscan's start-of-match tracking of such
 * a pattern follows every position of every word, which halved the scan rate of the whole
 * catalog; this walk costs only the length of the match, once per reported end. For such a
 * pattern it gives exactly Hyperscan's leftmost start: the first {@code first} byte of the
 * {@code run} bytes before the last S. {@code first} must be a subset of {@code run}, and
 * {@code run} may not hold the last byte of S.
 *
 * <p>A walk made by {@link #atStop} stands for a pattern that opens with S itself
 * ({@code phone_number}'s {@code \+[1-9]…} and {@code \([0-9]{3}\)…}): the match starts at
 * the last S before its end. Immutable.
 */
public final class StartWalk {
    private final boolean[] first;
    private final boolean[] run;
    /** The stop's bytes; the last one is what the walk looks for. */
    private final byte[] stop;
    /** Whether the match starts at the stop (no head before it). */
    private final boolean startsAtStop;

    private StartWalk(boolean[] first, boolean[] run, byte[] stop, boolean startsAtStop) {
        this.first = first;
        this.run = run;
        this.stop = stop;
        this.startsAtStop = startsAtStop;
    }

    /**
     * @param first the bytes a match may start with, as the inside of a bracket class
     *              ({@code A-Za-z0-9_\-}: ASCII ranges, backslash before punctuation)
     * @param run   the bytes between the start and {@code stop}, in the same notation
     * @param stop  what separates the head from the tail: one to eight ASCII characters
     */
    public static StartWalk of(String first, String run, String stop) {
        boolean[] f = ByteClass.parse(Objects.requireNonNull(first, "first"));
        boolean[] r = ByteClass.parse(Objects.requireNonNull(run, "run"));
        byte[] s = stopBytes(stop);
        int last = s[s.length - 1] & 0xFF;
        if (f[last] || r[last]) {
            throw new IllegalArgumentException("start walk: the stop's last byte must be outside both classes");
        }
        for (int b = 0; b < 256; b++) {
            if (f[b] && !r[b]) {
                throw new IllegalArgumentException("start walk: 'first' must be a subset of 'run'");
            }
        }
        return new StartWalk(f, r, s, false);
    }

    /**
     * A walk for a pattern that opens with {@code stop} and whose rest never holds the stop's
     * last byte: the match starts at the last stop before its end.
     *
     * @param stop one to eight ASCII characters
     */
    public static StartWalk atStop(String stop) {
        return new StartWalk(new boolean[256], new boolean[256], stopBytes(stop), true);
    }

    private static byte[] stopBytes(String stop) {
        Objects.requireNonNull(stop, "stop");
        if (stop.isEmpty() || stop.length() > 8 || !stop.chars().allMatch(c -> c > 0 && c <= 0x7F)) {
            throw new IllegalArgumentException("start walk: stop must be one to eight ASCII characters");
        }
        return stop.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Every byte the walk can add to a match or step over: the head's ({@code run}) and the stop's. */
    boolean[] bytes() {
        boolean[] b = run.clone();
        for (byte s : stop) {
            b[s & 0xFF] = true;
        }
        return b;
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
        int last = stop[stop.length - 1] & 0xFF;
        long s = to - 1;
        while (s >= lo && s >= bound && w.at(s) != last) {
            s--;
        }
        long stopAt = s - (stop.length - 1);
        if (stopAt < lo || stopAt < bound) {
            return -1;
        }
        for (int i = 0; i < stop.length - 1; i++) {
            if (w.at(stopAt + i) != (stop[i] & 0xFF)) {
                return -1; // the last byte of the stop without the rest of it: no match ends here
            }
        }
        if (startsAtStop) {
            return stopAt;
        }
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
