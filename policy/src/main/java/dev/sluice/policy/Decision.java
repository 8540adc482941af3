package dev.sluice.policy;

import java.util.List;
import java.util.Objects;

/**
 * What the policy decided for one body. The <em>would-be</em> verdict and redactions are what
 * the policy asks for; the effective ones ({@link #verdict()}, {@link #redactions()}) are what
 * the front end carries out: the same in enforce mode, ALLOW and none in detect mode, where
 * the would-be decision is only reported. {@link #reason()} is a bounded string, fit for events
 * and metric labels: {@code detector:<id>} or {@code budget:<name>} for a block, empty
 * otherwise. {@link #failRule()} is the route's rule for inspections that could not finish.
 */
public final class Decision {
    private final Mode mode;
    private final String route;
    private final Verdict wouldBe;
    private final String reason;
    private final List<FindingDecision> findings;
    private final List<Redaction> wouldRedact;
    private final FailRule failRule;

    Decision(Mode mode, String route, Verdict wouldBe, String reason, List<FindingDecision> findings,
             List<Redaction> wouldRedact, FailRule failRule) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.route = Objects.requireNonNull(route, "route");
        this.wouldBe = Objects.requireNonNull(wouldBe, "wouldBe");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.findings = List.copyOf(findings);
        this.wouldRedact = wouldBe == Verdict.BLOCK ? List.of() : List.copyOf(wouldRedact);
        this.failRule = Objects.requireNonNull(failRule, "failRule");
    }

    /** The verdict to carry out: the would-be verdict in enforce mode, ALLOW in detect mode. */
    public Verdict verdict() {
        return mode == Mode.DETECT ? Verdict.ALLOW : wouldBe;
    }

    /** The redactions to carry out: none in detect mode or when the body is blocked. */
    public List<Redaction> redactions() {
        return mode == Mode.DETECT ? List.of() : wouldRedact;
    }

    public Verdict wouldBeVerdict() {
        return wouldBe;
    }

    public List<Redaction> wouldBeRedactions() {
        return wouldRedact;
    }

    /** {@code detector:<id>} or {@code budget:<name>} when the would-be verdict is BLOCK, else empty. */
    public String reason() {
        return reason;
    }

    public boolean detectOnly() {
        return mode == Mode.DETECT;
    }

    public Mode mode() {
        return mode;
    }

    /** The name of the route that decided (a bounded label). */
    public String route() {
        return route;
    }

    /** One entry per finding of the request, in the same order. */
    public List<FindingDecision> findings() {
        return findings;
    }

    public FailRule failRule() {
        return failRule;
    }

    /** The most severe action among the findings (IGNORE when there are none). */
    public Action strongestAction() {
        Action a = Action.IGNORE;
        for (FindingDecision f : findings) {
            a = f.action().compareTo(a) > 0 ? f.action() : a;
        }
        return a;
    }

    /** This decision blocked by budget {@code name}: BLOCK, no redactions. */
    public Decision withBudgetBlock(String name) {
        if (wouldBe == Verdict.BLOCK) {
            return this;
        }
        return new Decision(mode, route, Verdict.BLOCK, "budget:" + name, findings, List.of(), failRule);
    }

    @Override
    public String toString() {
        return "Decision[" + mode.label() + ", route=" + route + ", verdict=" + verdict() + ", wouldBe=" + wouldBe
                + (reason.isEmpty() ? "" : " (" + reason + ")") + ", findings=" + findings.size() + ", redactions="
                + wouldRedact.size() + "]";
    }
}
