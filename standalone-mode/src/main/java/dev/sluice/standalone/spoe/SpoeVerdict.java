package dev.sluice.standalone.spoe;

import dev.sluice.policy.BlockAnswer;
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
 *   <li>{@code body}: with {@code redact}, the body to send in place of the original (a request's
 *       or a response's);</li>
 *   <li>{@code pathq}: with {@code redact} of a request, its path and query with the values the
 *       policy redacts masked, for HAProxy's {@code set-pathq} to send in place of the original;</li>
 *   <li>{@code headers}: with {@code redact}, the header fields whose values the policy masks, each
 *       such header with all of its values ({@link HeaderList}), for {@code sluice.lua} to set in
 *       place of the originals;</li>
 *   <li>{@code block_status}, {@code block_type}, {@code block_headers}, {@code block_body}: with
 *       {@code block}, when the route configures its answer ({@code block_response}; not for gRPC,
 *       which keeps {@code PERMISSION_DENIED}), its status, content type, header fields and body
 *       with the event id in them, for {@code sluice.lua}'s refusal.</li>
 * </ul>
 */
record SpoeVerdict(ExchangeAction action, String eventId, int findings, String detectors, byte[] body,
                   String pathq, byte[] headers, Refusal refusal) {

    /** A route's answer to a refused client as the variables carry it, rendered once for one event. */
    record Refusal(int status, String contentType, byte[] headers, byte[] body) {
        static Refusal of(BlockAnswer answer, String eventId) {
            return new Refusal(answer.status(), answer.contentType(), HeaderList.of(answer.headersFor(eventId)),
                    answer.bodyFor(eventId));
        }

        /** The bytes it takes in an ACK frame, beyond the variables' names and types. */
        int size() {
            return contentType.length() + headers.length + body.length;
        }
    }

    static SpoeVerdict allow(String eventId) {
        return new SpoeVerdict(ExchangeAction.ALLOW, eventId, 0, "", null, null, null, null);
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
        if (headers != null) {
            w.setTxnVar("headers").typedBinary(headers);
        }
        if (refusal != null) {
            w.setTxnVar("block_status").typedUint32(refusal.status());
            w.setTxnVar("block_type").typedString(refusal.contentType());
            if (refusal.headers().length > 0) {
                w.setTxnVar("block_headers").typedBinary(refusal.headers());
            }
            w.setTxnVar("block_body").typedBinary(refusal.body());
        }
    }
}
