/**
 * {@code sluice spoe}: a HAProxy Stream Processing Offload Agent, a thin adapter over the
 * inspector and the policy. HAProxy's SPOE filter sends each exchange's request and response as
 * NOTIFY frames of the Stream Processing Offload Protocol (SPOP 2.0, HAProxy's {@code doc/SPOE.txt});
 * the agent inspects the body they carry, asks the policy, reports the event and metrics, and
 * answers with transaction variables that HAProxy's rules act on (deny, return the redacted body).
 *
 * <p>The pieces, one job each: {@link dev.sluice.standalone.spoe.SpopReader} and
 * {@link dev.sluice.standalone.spoe.SpopWriter} read and write SPOP's varints and typed data,
 * {@link dev.sluice.standalone.spoe.SpopFrame} is one frame, {@link dev.sluice.standalone.spoe.SpopConnection}
 * keeps the protocol's order on one connection, {@link dev.sluice.standalone.spoe.SpoeCheck} turns one
 * message into an inspected, decided and reported body, {@link dev.sluice.standalone.spoe.SpoeServer}
 * listens.
 */
package dev.sluice.standalone.spoe;
