package dev.sluice.standalone.exchange;

import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.PolicyEngine;
import dev.sluice.policy.Verdict;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.events.ExchangeAction;

/**
 * The policy's decision on one body together with what the route's fail rule says about an
 * inspection that did not finish: the body is (or in detect mode would be) blocked when the
 * decision blocks, or when inspection stopped for a {@link FailureKind} the route fails closed
 * on. {@code blockReason} is {@code detector:<id>}, {@code budget:<name>} or
 * {@code fail:<kind>}, or null.
 */
public record Conclusion(Decision decision, String blockReason) {

    /** Asks {@code engine} about one inspected body of {@code exchange}; its outcome says whether it finished. */
    public static Conclusion decide(PolicyEngine engine, ExchangeIdentity exchange, Direction direction,
                                    InspectionResult result) {
        return decide(engine, exchange, direction, result, failureOf(result.outcome()));
    }

    /**
     * Asks {@code engine} about one inspected body of {@code exchange} that could not finish for
     * {@code failure} (null: it finished), which the front end may know better than the outcome
     * (a rewritten body too large to release whole is a limit failure).
     */
    public static Conclusion decide(PolicyEngine engine, ExchangeIdentity exchange, Direction direction,
                                    InspectionResult result, FailureKind failure) {
        return of(engine.decide(exchange.decisionRequest(direction, result.findings())), failure);
    }

    public static Conclusion of(Decision decision, Outcome outcome) {
        return of(decision, failureOf(outcome));
    }

    public static Conclusion of(Decision decision, FailureKind kind) {
        if (decision.wouldBeVerdict() == Verdict.BLOCK) {
            return new Conclusion(decision, decision.reason());
        }
        if (kind != null && decision.failRule().failsClosed(kind)) {
            return new Conclusion(decision, failReason(kind));
        }
        return new Conclusion(decision, null);
    }

    /**
     * Why an inspection that ended with {@code outcome} did not finish: a configured limit, or
     * the body's shape (a parse error, a truncated structure, a corrupt or unknown encoding);
     * null when it finished.
     */
    public static FailureKind failureOf(Outcome outcome) {
        if (outcome == null || outcome == Outcome.COMPLETE) {
            return null;
        }
        return outcome.isLimit() ? FailureKind.LIMIT : FailureKind.PARSE_ERROR;
    }

    /**
     * This conclusion with the body refused whatever the fail rule: its output cannot end as the
     * whole body (decoding stopped short after the head promised it decoded). The reason names
     * why inspection stopped, per {@code outcome}; a parse error when the outcome says nothing.
     */
    public Conclusion refusedAsCutShort(Outcome outcome) {
        FailureKind kind = failureOf(outcome);
        return new Conclusion(decision, failReason(kind == null ? FailureKind.PARSE_ERROR : kind));
    }

    /** The reason of {@link #refusedWhereRedacting}. */
    public static final String MISLABELLED_REDACTION = "mislabelled:redaction";

    /**
     * This conclusion with the body refused when the decision (in enforce mode) redacts: its head
     * already left promising the body as it came (a response whose bytes are not what its media
     * label says), so no redaction can be made in place, and cutting the body is what keeps the
     * value in.
     */
    public Conclusion refusedWhereRedacting() {
        if (blocks() || decision.detectOnly() || decision.redactions().isEmpty()) {
            return this;
        }
        return new Conclusion(decision, MISLABELLED_REDACTION);
    }

    public static String failReason(FailureKind kind) {
        return "fail:" + kind.label();
    }

    /**
     * The action as carried out, for events and metrics: in detect mode the would-be one (the
     * event's mode says so); in enforce mode a redaction the body did not leave with
     * ({@code delivery} other than {@link Delivery#REDACTED}, or null for a body not yet
     * delivered) is an alert.
     */
    public ExchangeAction carriedOut(Delivery delivery) {
        ExchangeAction a = wouldBlock() ? ExchangeAction.BLOCK : ExchangeAction.of(decision);
        if (!decision.detectOnly() && a == ExchangeAction.REDACT && delivery != Delivery.REDACTED) {
            return ExchangeAction.ALERT;
        }
        return a;
    }

    /** True when the policy asks for a block, whether or not its mode carries it out. */
    public boolean wouldBlock() {
        return blockReason != null;
    }

    /** True when the body is to be blocked now: a block in enforce mode. */
    public boolean blocks() {
        return blockReason != null && !decision.detectOnly();
    }
}
