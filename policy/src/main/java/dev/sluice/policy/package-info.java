/**
 * The policy: what Sluice does with findings, per route, direction, detector and category;
 * who is talking (service and token identity); per-token budgets; hot reload. Knows detector
 * ids from {@code matchers}, nothing of HTTP servers or parsers.
 */
package dev.sluice.policy;
