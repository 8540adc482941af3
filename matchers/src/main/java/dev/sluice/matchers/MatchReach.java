package dev.sluice.matchers;

/**
 * How far a direction's matches can reach, which lets a session skip short numbers and release
 * text early. No expression outside the context database matches a JSON number shorter than
 * {@code shortestNumber} bytes, and none at all one shorter than {@code shortestContextNumber}
 * ({@link NumberReach}, {@link NumberFactors}). No match still to be reported reaches back
 * further than {@code longestMatch} bytes (the largest {@code max_length}, a block's counting up
 * to {@link MatchEngine#BLOCK_MARKER_REACH}, plus the two delimiters of a trimmed candidate), and
 * no context rule further than {@code widestProximity}. No candidate holds a byte of
 * {@code breaks} ({@link MatchBreaks}; null when the catalog has none).
 */
record MatchReach(int shortestNumber, int shortestContextNumber, int longestMatch, int widestProximity,
                  boolean[] breaks) {
}
