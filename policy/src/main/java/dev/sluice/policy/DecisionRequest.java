package dev.sluice.policy;

import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import java.util.List;
import java.util.Objects;

/**
 * Everything a decision about one body depends on: the route key (which carries the
 * direction), the source and destination service names, the token identity (for budgets) and
 * the findings of the body, in the order the inspector reported them.
 */
public record DecisionRequest(RouteKey route, String sourceService, String destinationService, TokenIdentity token,
                              List<PolicyFinding> findings) {
    public DecisionRequest {
        Objects.requireNonNull(route, "route");
        token = token == null ? TokenIdentity.NONE : token;
        findings = List.copyOf(findings);
    }
}
