package dev.sluice.policy;

import java.util.Objects;

/**
 * What a route may do to bodies in one direction, known from the head before any body byte, so
 * a front end can choose how to carry a body: forward it as it came and inspect it on the side,
 * stream it through a rewriting inspection ({@link Policy#decideNow} per finding), or hold it
 * whole until the verdict. In detect mode nothing is ever changed, so nothing is held.
 *
 * @param route       the route's name (a bounded label)
 * @param mode        the mode the route is read under: its own, else the policy's
 * @param blockRules  some rule in this direction blocks
 * @param redactRules some rule in this direction redacts
 * @param countRules  some rule has a minimum count, so actions depend on the whole body
 * @param failRule    the route's rule for inspections that cannot finish
 * @param actsOnFindings some finding in this direction would not be ignored: a rule other than
 *                    {@code ignore} may apply, a category has no rule (its findings are alerted),
 *                    or a budget counts findings in this direction
 */
public record BodyPlan(String route, Mode mode, boolean blockRules, boolean redactRules, boolean countRules,
                       FailRule failRule, boolean actsOnFindings) {
    public BodyPlan {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(failRule, "failRule");
    }

    /** True when the verdict at the end of a body may be BLOCK (a rule or the fail rule), in enforce mode. */
    public boolean mayBlock() {
        return mode == Mode.ENFORCE && (blockRules || !failRule.equals(FailRule.OPEN));
    }

    /** True when the body may leave changed, so it must pass through a rewriting inspection. */
    public boolean mayRedact() {
        return mode == Mode.ENFORCE && redactRules;
    }

    /**
     * True when the body must be held whole before it leaves: a block could come at its end
     * (a 403 is only clean before the head is sent), or a redaction waits for a count.
     */
    public boolean holdsForVerdict() {
        return mayBlock() || mayRedact() && countRules;
    }

    /**
     * False when inspecting a message in this direction could change nothing and report nothing:
     * every finding would be ignored and a failure would pass. Its head and body then go on
     * uninspected, at no cost (a health check, static assets, a route the policy turns off).
     */
    public boolean inspects() {
        return actsOnFindings || !failRule.equals(FailRule.OPEN);
    }

    /** True when nothing this route does can change the body: forward it as it came, inspect it on the side. */
    public boolean passesUnchanged() {
        return !mayBlock() && !mayRedact();
    }
}
