package dev.sluice.matchers;

/**
 * The listener of a session whose body is rewritten: each final finding comes with where it
 * lies in its value and its decoded bytes, which a mask needs and a {@link Match} never holds.
 * A session given one of these also keeps its {@link ScanSession#releaseFrontier()} and
 * releases findings as soon as no later finding can overlap them.
 */
public interface RewritingMatchListener extends MatchListener {

    /**
     * A final finding.
     *
     * @param valueIndex    the value it lies in: 0 for the first {@link ValueSink#beginValue} of the
     *                      session, counting every value
     * @param offsetInValue where its first decoded byte lies in that value's decoded bytes
     * @param decoded       its decoded bytes; borrowed for the call, zeroed afterwards
     */
    void onMatch(Match match, long valueIndex, int offsetInValue, byte[] decoded);

    /**
     * A final finding that grew, across joined values ({@link ValueSink#context}), from one of a
     * detector that outranks its own already given to {@link #onMatch(Match, long, int, byte[])}:
     * not a finding of its own, but the part of it in this value is to be masked as that one was.
     * Arguments as there. Defaults to ignoring it.
     */
    default void onContinuation(Match match, long valueIndex, int offsetInValue, byte[] decoded) {
    }

    /**
     * Wire bytes {@code [wireStart, wireEnd)} of an earlier value, replayed before this finding's
     * value ({@link ValueSink#context}), hold part of {@code match}: where the body still holds
     * them, they are to be masked as the finding is. Given before the finding itself
     * ({@link #onMatch(Match, long, int, byte[])} or {@link #onContinuation}). Defaults to
     * ignoring it.
     */
    default void onReplayedPart(Match match, long wireStart, long wireEnd) {
    }

    @Override
    default void onMatch(Match match) {
        throw new UnsupportedOperationException("a rewriting listener takes findings with their bytes");
    }
}
