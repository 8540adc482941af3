/**
 * Which route of a policy governs an exchange: globs for hosts, paths, field paths and service
 * names, the route key of one exchange and direction, and the "most specific wins" order.
 * Nothing here knows about actions; {@link dev.sluice.policy.select.RouteTable} selects any value.
 */
package dev.sluice.policy.select;
