package dev.sluice.standalone.spoe;

import dev.sluice.standalone.events.ExchangeAction;

/**
 * What the agent tells HAProxy about one message, as transaction variables under the agent's
 * prefix ({@code txn.sluice.*} with the shipped configuration):
 * <ul>
 *   <li>{@code action}: {@code allow}, {@code alert}, {@code redact} or {@code block} — what HAProxy's
 *       rules are to carry out (in detect mode never {@code block} or {@code redact});</li>
 *   <li>{@code event_id}: the exchange id, which the event log and the 403 body name;</li>
 *   <li>{@code findings}: how many findings the policy did not ignore;</li>
 *   <li>{@code detectors}: their detector ids, comma-separated (a bounded set: ids only, never values);</li>
 *   <li>{@code body}: with {@code redact}, the body to send in place of the original;</li>
 *   <li>{@code pathq}: with {@code redact} of a request, its path and query with the values the
 *       policy redacts masked, for HAProxy's {@code set-pathq} to send in place of the original.</li>
 * </ul>
 */
record SpoeVerdict(ExchangeAction action, String eventId, int findings, String detectors, byte[] body,
                   String pathq) {

    static SpoeVerdict allow(String eventId) {
        return new SpoeVerdict(ExchangeAction.ALLOW, eventId, 0, "", null, null);
    }

    /** Writes the SET-VAR actions of an ACK frame. */
    void writeActions(SpopWriter w) {
        w.setTxnVar("action").typedString(action.label());
        if (eventId != null) {
            w.setTxnVar("event_id").typedString(eventId);
        }
        w.setTxnVar("findings").typedUint32(findings);
        w.setTxnVar("detectors").typedString(detectors);
        if (body != null) {
            w.setTxnVar("body").typedBinary(body);
        }
        if (pathq != null) {
            w.setTxnVar("pathq").typedString(pathq);
        }
    }
}
