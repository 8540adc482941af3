package dev.sluice.matchers;

/** Receives a session's findings, in the order they become final (not necessarily by offset). */
@FunctionalInterface
public interface MatchListener {
    void onMatch(Match match);

    /**
     * A finding given earlier, of {@code detector} at wire offset {@code start}, is no longer one:
     * across joined values ({@link ValueSink#context}) its match grew, longer (an address whose
     * domain came with the next piece) or into one of a detector that outranks it (a token read
     * as a generic key until its last piece showed a JWT), and is given to {@link #onMatch} now.
     * Defaults to keeping it.
     */
    default void onSuperseded(Detector detector, long start) {
    }
}
