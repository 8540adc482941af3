package dev.sluice.standalone.extproc;

import dev.sluice.inspector.InspectionResult;
import dev.sluice.policy.Decision;

/**
 * What one body message led to.
 *
 * @param released    the bytes to send on in place of the message's chunk (null: the chunk goes on as it came)
 * @param result      the inspection's result when the body ended with this message, else null
 * @param decision    the policy's decision when the body ended, else null
 * @param blockReason why the body is to be blocked ({@code detector:<id>}, {@code budget:<name>},
 *                    {@code fail_closed:<kind>}), or null
 * @param nanos       inspection time of the whole body, when it ended
 */
record BodyStep(byte[] released, InspectionResult result, Decision decision, String blockReason, long nanos) {
    private static final BodyStep UNCHANGED = new BodyStep(null, null, null, null, 0);

    static BodyStep unchanged() {
        return UNCHANGED;
    }

    boolean ended() {
        return decision != null;
    }
}
