/**
 * {@code sluice serve}: the sidecar proxy wired to the inspector, the policy, the event log and the
 * metrics. {@link dev.sluice.standalone.serve.ServeRuntime} starts and stops everything;
 * {@code InspectingFilters} makes one {@code InspectedExchange} per exchange, whose two
 * {@code BodyInspection}s feed each body to an inspection session as it streams, ask the policy
 * for a decision at the end of the body, carry it out, and hand both to the shared {@code BodyReporter}
 * (metrics and the event log).
 *
 * <p>Each body is carried the way its route's plan needs (see {@code BodyInspection}): streamed
 * and inspected on the side, streamed through a rewriting inspection that redacts as it goes, or
 * held until its verdict and then refused, rewritten or forwarded. A block that comes after a
 * head has left resets the stream. {@link dev.sluice.standalone.serve.Demo} runs a leaky demo
 * upstream behind it.
 */
package dev.sluice.standalone.serve;
