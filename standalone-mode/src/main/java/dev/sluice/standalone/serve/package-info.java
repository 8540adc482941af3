/**
 * {@code sluice serve}: the sidecar proxy wired to the inspector, the policy, the event log and the
 * metrics. {@link dev.sluice.standalone.serve.ServeRuntime} starts and stops everything;
 * {@code InspectingFilters} makes one {@code InspectedExchange} per exchange, whose two
 * {@code BodyInspection}s feed each body to an inspection session as it streams, ask the policy
 * for a decision at the end of the body, and hand both to {@code BodyReporter} (metrics and the
 * event log).
 *
 * <p>This release reports only: every body is forwarded exactly as it came, and the decision (the
 * would-be alert, redaction or block) goes to events and metrics. The places where the policy-actions
 * issue carries decisions out are {@code BodyInspection.onHead} (choose hold or a resizable stream
 * for routes that may redact or block) and {@code BodyInspection.onEnd} (write the edited bytes,
 * return a block). {@link dev.sluice.standalone.serve.Demo} runs a leaky demo upstream behind it.
 */
package dev.sluice.standalone.serve;
