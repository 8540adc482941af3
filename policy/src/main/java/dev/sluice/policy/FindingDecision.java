package dev.sluice.policy;

/**
 * The action for one finding and why: {@code rule} is where the deciding entry was written
 * ({@code routes[payments].response.credit_card}), {@code allow-list: <origin>} for an
 * allow-listed finding, or {@code implicit} when no entry covered it (then the action is alert).
 */
public record FindingDecision(PolicyFinding finding, Action action, boolean allowListed, String rule) {
}
