package dev.sluice.matchers.hyperscan;

/**
 * Receives raw Hyperscan matches during a scan call: expression id and the match's start
 * (leftmost, for expressions compiled with start-of-match) and end, as offsets in the stream.
 * Called on the scanning thread, from native code: record and return, nothing more.
 */
public interface MatchHandler {
    void onMatch(int id, long from, long to);
}
