package dev.sluice.inspector.redact;

import dev.sluice.inspector.Finding;
import dev.sluice.policy.Action;
import dev.sluice.policy.Decision;
import dev.sluice.policy.ImmediateAction;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyFinding;
import dev.sluice.policy.Redaction;
import dev.sluice.policy.RouteRules;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.mask.Mask;
import java.util.ArrayList;
import java.util.List;

/**
 * Redaction plans from a policy, the two ways a front end decides: finding by finding while the
 * body streams ({@link Policy#decideNow}), or once for the whole held body ({@link Policy#decide})
 * and then rewritten in a second pass ({@link BodyRewriter}).
 */
public final class PolicyPlans {
    private PolicyPlans() {
    }

    /** What the policy needs to know about a finding (no field path: null). */
    public static PolicyFinding policyFinding(Finding f) {
        return new PolicyFinding(f.id(), f.category(), f.path() == null || f.path().isEmpty() ? null : f.path(),
                f.valueHash());
    }

    /**
     * Decides each finding as it becomes final: its value is masked when the policy's streaming
     * decision is REDACT. On a route in detect mode nothing is masked.
     */
    public static RedactionPlan streaming(Policy policy, RouteKey route, String sourceService,
                                          String destinationService) {
        RouteRules rules = policy.rules(route); // selected once per body, not per finding
        if (rules.mode() == Mode.DETECT) {
            return RedactionPlan.NONE;
        }
        return f -> {
            ImmediateAction a = rules.decideNow(sourceService, destinationService, policyFinding(f));
            Mask mask = a.mask();
            return a.action() == Action.REDACT && mask != null ? mask::apply : null;
        };
    }

    /**
     * The redactions of a whole-body {@code decision} made over {@code findings} (in the order they
     * were given to the policy), keyed by finding identity for a second pass over the same body.
     */
    public static RedactionPlan of(Decision decision, List<Finding> findings) {
        List<BodyRewriter.Masked> masked = new ArrayList<>();
        for (Redaction r : decision.redactions()) {
            if (r.index() >= 0 && r.index() < findings.size()) {
                Mask mask = r.mask();
                masked.add(new BodyRewriter.Masked(findings.get(r.index()), mask::apply));
            }
        }
        return BodyRewriter.planOf(masked);
    }
}
