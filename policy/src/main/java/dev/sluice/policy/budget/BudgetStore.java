package dev.sluice.policy.budget;

import java.util.Collection;

/**
 * The state behind per-token budgets. One call per body and budget does all of it (check the
 * cool-down, drop expired values, count, trip), so a shared store can make it a single atomic
 * round trip (a Redis script over a sorted set per token, for instance). Implementations must be
 * thread-safe and bounded in memory.
 */
public interface BudgetStore {
    /**
     * Records that {@code token} is about to receive {@code valueHashes} (keyed hashes of values
     * counted by {@code budget}); duplicates in the collection count once. With no values, only
     * reports a cool-down in force. A tripped or cooling-down body's values are not recorded.
     */
    BudgetCheck record(Budget budget, String token, Collection<String> valueHashes);
}
