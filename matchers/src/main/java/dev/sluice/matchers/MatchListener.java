package dev.sluice.matchers;

/** Receives a session's findings, in the order they become final (not necessarily by offset). */
@FunctionalInterface
public interface MatchListener {
    void onMatch(Match match);
}
