/**
 * What every front end of standalone mode ({@code sluice serve}'s sidecar proxy, {@code sluice
 * extproc}'s Envoy ext_proc server) does the same way around one exchange:
 * {@link dev.sluice.standalone.exchange.ExchangeIdentity} says who the exchange is between and
 * which route it takes in each direction, {@link dev.sluice.standalone.exchange.Conclusion} asks
 * the policy about one inspected body and applies the route's fail rule, and
 * {@link dev.sluice.standalone.exchange.BodyReporter} turns what was carried out into metrics and
 * events. The front ends keep only what their protocol makes different: how bytes arrive and how a
 * decision is carried out.
 */
package dev.sluice.standalone.exchange;
