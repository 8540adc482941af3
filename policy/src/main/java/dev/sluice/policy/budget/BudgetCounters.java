package dev.sluice.policy.budget;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts for the metrics layer, by budget name (a bounded set: the names in the policy):
 * bodies blocked by a budget (or that would have been, in detect mode) and times a token went
 * over. Thread-safe; counts only go up.
 */
public final class BudgetCounters {
    private final ConcurrentHashMap<String, LongAdder> blocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> trips = new ConcurrentHashMap<>();

    public void recordBlock(String budget) {
        blocks.computeIfAbsent(budget, b -> new LongAdder()).increment();
    }

    public void recordTrip(String budget) {
        trips.computeIfAbsent(budget, b -> new LongAdder()).increment();
    }

    public long blocks(String budget) {
        LongAdder a = blocks.get(budget);
        return a == null ? 0 : a.sum();
    }

    public long trips(String budget) {
        LongAdder a = trips.get(budget);
        return a == null ? 0 : a.sum();
    }

    /** Blocks by budget name, sorted by name. */
    public Map<String, Long> blocksByBudget() {
        Map<String, Long> out = new TreeMap<>();
        blocks.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Trips by budget name, sorted by name. */
    public Map<String, Long> tripsByBudget() {
        Map<String, Long> out = new TreeMap<>();
        trips.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "BudgetCounters[blocks=" + blocksByBudget() + ", trips=" + tripsByBudget() + "]";
    }
}
