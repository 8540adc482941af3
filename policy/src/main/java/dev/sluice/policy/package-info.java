/**
 * The policy: what Sluice does with findings, per route, direction, detector and category.
 * {@link dev.sluice.policy.Policy} is the immutable model and makes a
 * {@link dev.sluice.policy.Decision} for the findings of one body;
 * {@link dev.sluice.policy.PolicyEngine} adds per-token budgets. Sub-packages: {@code select}
 * (routes), {@code mask} (redaction), {@code identity} (service and token identity),
 * {@code budget}, {@code yaml} (the file form and its errors) and {@code reload}. Knows detector
 * ids from {@code matchers}, nothing of HTTP servers or parsers.
 */
package dev.sluice.policy;
