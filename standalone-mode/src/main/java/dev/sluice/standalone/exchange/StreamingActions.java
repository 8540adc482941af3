package dev.sluice.standalone.exchange;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.inspector.redact.ValueMask;
import dev.sluice.policy.Action;
import dev.sluice.policy.ImmediateAction;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.RouteRules;
import dev.sluice.policy.select.RouteKey;

/**
 * The policy's per-finding decisions while a body streams through a rewriting inspection
 * ({@link Policy#decideNow}): a redact rule's mask rewrites the value on its way out, a block
 * rule marks the body for blocking at once (before more of it leaves). A route in detect mode
 * carries out neither. Called on the inspecting thread. Used by every front end that streams a
 * body through a rewriting inspection: {@code sluice extproc}'s streamed modes, and
 * {@code sluice serve}'s rewriting carriage (a body with no end in sight is blocked so, on a route
 * that may block, as it streams).
 */
public final class StreamingActions implements RedactionPlan {
    private final RouteRules rules;
    private final String source;
    private final String destination;
    private String blockReason;

    public StreamingActions(Policy policy, RouteKey key, String source, String destination) {
        this.rules = policy.rules(key); // selected once per body, not per finding
        this.source = source;
        this.destination = destination;
    }

    @Override
    public ValueMask maskFor(Finding f) {
        if (rules.mode() != Mode.ENFORCE) {
            return null;
        }
        ImmediateAction a = rules.decideNow(source, destination, PolicyPlans.policyFinding(f));
        if (a.action() == Action.BLOCK && blockReason == null) {
            blockReason = "detector:" + f.id();
        }
        return a.action() == Action.REDACT && a.mask() != null ? a.mask()::apply : null;
    }

    /** {@code detector:<id>} of the first finding a block rule took, or null. */
    public String blockReason() {
        return blockReason;
    }
}
