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
 * @param blockRules  some rule in this direction that can apply blocks (one that an earlier rule for
 *                    the same key always comes before cannot: the route's own {@code secret: alert}
 *                    over the defaults' {@code secret: block})
 * @param redactRules some rule in this direction that can apply redacts
 * @param countRules  some rule that can apply has a minimum count, so actions depend on the whole body
 * @param failRule    the route's rule for inspections that cannot finish
 * @param actsOnFindings some finding in this direction would not be ignored: a rule other than
 *                    {@code ignore} may apply, a category has no rule (its findings are alerted),
 *                    or a budget counts findings in this direction
 * @param sample      the share of the route's exchanges inspected in this direction, in (0, 1]
 * @param sampledOut  this exchange is one the sample leaves out: nothing of it is read
 * @param limits      the route's bounds on these bodies ({@link BodyLimits}), each 0 where the
 *                    policy sets none and the front end's own applies
 */
public record BodyPlan(String route, Mode mode, boolean blockRules, boolean redactRules, boolean countRules,
                       FailRule failRule, boolean actsOnFindings, double sample, boolean sampledOut,
                       BodyLimits limits) {
    public BodyPlan {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(failRule, "failRule");
        if (!(sample > 0 && sample <= 1)) {
            throw new IllegalArgumentException("sample must be in (0, 1], not " + sample);
        }
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * This plan for an exchange the route's sample leaves out: it may do nothing, so nothing of
     * the message is read (the route changes nothing in this direction, {@link RouteRules#sampleConflict}).
     */
    BodyPlan leftOut() {
        return new BodyPlan(route, mode, false, false, false, FailRule.OPEN, false, sample, true, limits);
    }

    /** This plan inspecting every exchange: for a sample the route's rules do not allow. */
    BodyPlan unsampled() {
        return new BodyPlan(route, mode, blockRules, redactRules, countRules, failRule, actsOnFindings, 1, false,
                limits);
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
     * uninspected, at no cost (a health check, static assets, a route the policy turns off), as
     * are those of an exchange the route's sample leaves out.
     */
    public boolean inspects() {
        return !sampledOut && (actsOnFindings || !failRule.equals(FailRule.OPEN));
    }

    /** True when nothing this route does can change the body: forward it as it came, inspect it on the side. */
    public boolean passesUnchanged() {
        return !mayBlock() && !mayRedact();
    }
}
