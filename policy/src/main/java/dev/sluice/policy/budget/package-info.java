/**
 * Per-token budgets: how many distinct sensitive values one token may receive in a window
 * before its responses are blocked for a cool-down. The state sits behind
 * {@link dev.sluice.policy.budget.BudgetStore} (in memory here; a shared store such as Redis can
 * implement the same interface); {@link dev.sluice.policy.budget.BudgetCounters} is what the
 * metrics layer reads.
 */
package dev.sluice.policy.budget;
