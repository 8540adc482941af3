package dev.sluice.policy;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.budget.Budget;
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
    private final Direction direction;
    private final List<ActionRule> chain;
    private final String sampleConflict;
    private final BodyPlan plan;
    private final BodyPlan leftOut;

    RouteRules(Policy policy, Route route, Direction direction) {
        this.policy = policy;
        this.route = route;
        this.direction = direction;
        this.chain = DecisionMaker.chain(policy, route, direction);
        BodyPlan configured = DecisionMaker.plan(policy, route, chain, direction);
        this.sampleConflict = sampleConflict(configured);
        // The loader refuses such a sample; one that comes anyway (SLUICE_MODE=enforce over a route
        // that sampled in detect mode) is dropped, so that no message it could change goes unread.
        this.plan = sampleConflict == null ? configured : configured.unsampled();
        this.leftOut = plan.leftOut();
    }

    /** What the route may do to a body in this direction; see {@link BodyPlan}. */
    public BodyPlan plan() {
        return plan;
    }

    /**
     * The plan for one exchange, given its draw (uniform in [0, 1), one per exchange, so its
     * request and its response are sampled together): {@link #plan()} when the draw falls in the
     * route's sample, else the plan of a message that is not read.
     */
    public BodyPlan plan(double draw) {
        return draw < plan.sample() ? plan : leftOut;
    }

    /**
     * Why this route may not sample this direction, or null when it may: a route samples only
     * what it changes nothing in, so that leaving a message unread loses a report, never a
     * block, a redaction or a budget's count. Names the first thing in the way: a rule that
     * blocks or redacts (and can apply), a fail rule that fails closed, or a budget.
     */
    public String sampleConflict() {
        return sampleConflict;
    }

    private String sampleConflict(BodyPlan p) {
        String dir = messages(direction);
        if (p.mode() == Mode.ENFORCE) {
            for (ActionRule r : DecisionMaker.reachable(chain)) {
                if (r.action() == Action.BLOCK || r.action() == Action.REDACT) {
                    return r.origin() + " " + (r.action() == Action.BLOCK ? "blocks" : "redacts") + " " + dir
                            + " (give the route its own alert for '" + r.selector().label()
                            + "', or put it in detect mode)";
                }
            }
            if (!p.failRule().equals(FailRule.OPEN)) {
                return "its on_failure fails closed (a message not read cannot fail)";
            }
        }
        Budget counting = policy.budgetCounting(direction);
        return counting == null ? null : "budget '" + counting.name() + "' counts " + dir;
    }

    /** What a direction's messages are called in the policy's words: {@code requests}, {@code responses}. */
    static String messages(Direction d) {
        return d == Direction.REQUEST ? "requests" : "responses";
    }

    /** The lookup chain: the route's rules in this direction, then the defaults'. */
    List<ActionRule> chain() {
        return chain;
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
