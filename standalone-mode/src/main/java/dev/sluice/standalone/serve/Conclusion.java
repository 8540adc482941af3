package dev.sluice.standalone.serve;

import dev.sluice.inspector.Outcome;
import dev.sluice.policy.Decision;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Verdict;

/**
 * The policy's decision on one body together with what the route's fail rule says about an
 * inspection that did not finish: the body is (or in detect mode would be) blocked when the
 * decision blocks, or when inspection stopped for a {@link FailureKind} the route fails closed
 * on. {@code blockReason} is {@code detector:<id>}, {@code budget:<name>} or
 * {@code fail:<kind>}, or null.
 */
record Conclusion(Decision decision, String blockReason) {

    static Conclusion of(Decision decision, Outcome outcome) {
        if (decision.wouldBeVerdict() == Verdict.BLOCK) {
            return new Conclusion(decision, decision.reason());
        }
        FailureKind kind = failureOf(outcome);
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
    static FailureKind failureOf(Outcome outcome) {
        if (outcome == null || outcome == Outcome.COMPLETE) {
            return null;
        }
        return outcome.isLimit() ? FailureKind.LIMIT : FailureKind.PARSE_ERROR;
    }

    static String failReason(FailureKind kind) {
        return "fail:" + kind.label();
    }

    /** True when the policy asks for a block, whether or not its mode carries it out. */
    boolean wouldBlock() {
        return blockReason != null;
    }

    /** True when the body is to be blocked now: a block in enforce mode. */
    boolean blocks() {
        return blockReason != null && !decision.detectOnly();
    }
}
