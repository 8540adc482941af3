package dev.sluice.standalone.serve;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.inspector.redact.ValueMask;
import dev.sluice.policy.Action;
import dev.sluice.policy.ImmediateAction;
import dev.sluice.policy.Policy;
import dev.sluice.policy.Redaction;
import dev.sluice.policy.mask.Mask;
import dev.sluice.policy.select.RouteKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two ways a body's redactions are planned. Streaming: each finding is decided the moment it
 * is final ({@link Policy#decideNow}), which agrees with the whole-body decision on routes without
 * minimum counts (the only ones streamed through a rewriting session). Held: the whole-body
 * decision's redactions, matched to the findings of a second pass over the same bytes by span and
 * detector id (the same bytes read with the same spec give the same findings).
 */
final class RedactionPlans {
    private RedactionPlans() {
    }

    static RedactionPlan streaming(Policy policy, RouteKey route, String source, String destination) {
        return f -> {
            ImmediateAction a = policy.decideNow(route, source, destination, InspectedExchange.policyFinding(f));
            return a.action() == Action.REDACT && a.mask() != null ? adapt(a.mask()) : null;
        };
    }

    static RedactionPlan held(InspectionResult firstPass, List<Redaction> redactions) {
        if (redactions.isEmpty()) {
            return RedactionPlan.NONE;
        }
        Map<Span, ValueMask> masks = new HashMap<>();
        for (Redaction r : redactions) {
            masks.put(Span.of(firstPass.findings().get(r.index())), adapt(r.mask()));
        }
        return f -> masks.get(Span.of(f));
    }

    /** The policy's mask as the inspector's: both turn value bytes into printable replacement bytes. */
    static ValueMask adapt(Mask mask) {
        return mask::apply;
    }

    private record Span(long start, long end, String id) {
        static Span of(Finding f) {
            return new Span(f.start(), f.end(), f.id());
        }
    }
}
