package dev.sluice.policy;

import dev.sluice.matchers.Direction;
import java.util.List;

/**
 * The rules of one route in one direction, resolved once when the policy is built (the combined
 * lookup chain of the route and the defaults, the route's mode and its {@link BodyPlan}): what a
 * front end asks about one body before it starts ({@link #plan()}) and about each finding while
 * it streams ({@link #decideNow}). Immutable; tied to the policy it came from, so a reload
 * mid-body does not change the rules a body is read under.
 */
public final class RouteRules {
    private final Policy policy;
    private final Route route;
    private final List<ActionRule> chain;
    private final BodyPlan plan;

    RouteRules(Policy policy, Route route, Direction direction) {
        this.policy = policy;
        this.route = route;
        this.chain = DecisionMaker.chain(policy, route, direction);
        this.plan = DecisionMaker.plan(policy, route, chain, direction);
    }

    /** What the route may do to a body in this direction; see {@link BodyPlan}. */
    public BodyPlan plan() {
        return plan;
    }

    /** The mode the route's bodies are read under: its own, else the policy's. */
    public Mode mode() {
        return plan.mode();
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
