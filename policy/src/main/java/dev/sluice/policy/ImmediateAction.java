package dev.sluice.policy;

import dev.sluice.policy.mask.Mask;

/**
 * The action on one finding taken as it is found, while the body still streams: the decision
 * and, for {@link Action#REDACT}, the mask. See {@link Policy#decideNow}.
 */
public record ImmediateAction(FindingDecision decision, Mask mask) {
    public Action action() {
        return decision.action();
    }
}
