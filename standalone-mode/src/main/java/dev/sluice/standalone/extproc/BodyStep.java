package dev.sluice.standalone.extproc;

import dev.sluice.inspector.InspectionResult;
import dev.sluice.policy.Decision;
import dev.sluice.standalone.exchange.Conclusion;

/**
 * What one body message led to.
 *
 * @param released    the bytes to send on in place of the message's chunk (null: the chunk goes on as it came)
 * @param result      the inspection's result when the body ended with this message, else null
 * @param conclusion  the policy's decision with the fail rule applied, when the body ended, else null
 * @param blockReason why the body is to be blocked now ({@code detector:<id>}, {@code budget:<name>},
 *                    {@code fail:<kind>}), or null
 * @param nanos       inspection time of the whole body, when it ended
 * @param forced      the body cannot be released whole (a decoded output cut short, a rewriting output
 *                    past the release limit after bytes were replaced): it is ended whatever the fail rule
 */
record BodyStep(byte[] released, InspectionResult result, Conclusion conclusion, String blockReason, long nanos,
                boolean forced) {
    private static final BodyStep UNCHANGED = new BodyStep(null, null, null, null, 0, false);

    static BodyStep unchanged() {
        return UNCHANGED;
    }

    boolean ended() {
        return conclusion != null;
    }

    /** The policy's decision when the body ended, else null. */
    Decision decision() {
        return conclusion == null ? null : conclusion.decision();
    }
}
