package dev.sluice.policy;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.RouteKey;
import java.util.List;

/**
 * The rules of the route that governs one route key, resolved once (route selection, the
 * combined lookup chain of the route and the defaults): what a front end asks about one body
 * before it starts ({@link #plan()}) and about each finding while it streams
 * ({@link #decideNow}). Immutable; tied to the policy it came from, so a reload mid-body does
 * not change the rules a body is read under.
 */
public final class RouteRules {
    private final Policy policy;
    private final Route route;
    private final List<ActionRule> chain;
    private final Direction direction;

    RouteRules(Policy policy, RouteKey key) {
        this.policy = policy;
        this.route = policy.route(key);
        this.direction = key.direction();
        this.chain = DecisionMaker.chain(policy, route, direction);
    }

    /** What the route may do to a body in this direction; see {@link BodyPlan}. */
    public BodyPlan plan() {
        return DecisionMaker.plan(policy, route, chain, direction);
    }

    /** As {@link Policy#decideNow}, without selecting the route again. */
    public ImmediateAction decideNow(String sourceService, String destinationService, PolicyFinding finding) {
        return DecisionMaker.decideNow(policy, route, chain, sourceService, destinationService, finding);
    }

    @Override
    public String toString() {
        return "RouteRules[" + route.name() + ", " + chain.size() + " rules]";
    }
}
