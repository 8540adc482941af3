package dev.sluice.policy.budget;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Budgets in this process's memory. Per budget, tokens live in {@value #STRIPES} stripes, each
 * a least-recently-used map under its own lock, holding at most {@code maxTokens / STRIPES}
 * (rounded up) tokens; per token, at most {@code maxDistinct} value hashes with the time each
 * was last seen (a sliding window: a value seen again stays counted). So memory is bounded by
 * {@code maxTokens × maxDistinct} hashes per budget: 10,000 tokens × 50 values is about 50 MB.
 *
 * <p>Eviction skips tokens that are cooling down when it can (it looks at the
 * {@value #EVICTION_SCAN} least recently used), so flooding the store with fresh tokens does
 * not lift a block cheaply. Time comes from an injected nanosecond clock.
 */
public final class InMemoryBudgetStore implements BudgetStore {
    static final int STRIPES = 16;
    static final int EVICTION_SCAN = 8;

    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Stripe[]> tables = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();

    public InMemoryBudgetStore(LongSupplier nanoClock) {
        this.nanos = nanoClock;
    }

    /** A store on {@link System#nanoTime()}. */
    public static InMemoryBudgetStore systemClock() {
        return new InMemoryBudgetStore(System::nanoTime);
    }

    @Override
    public BudgetCheck record(Budget budget, String token, Collection<String> valueHashes) {
        Stripe[] stripes = tables.computeIfAbsent(budget.name(), n -> newStripes());
        Stripe stripe = stripes[Math.floorMod(token.hashCode() * 0x9E3779B9, STRIPES)];
        long now = nanos.getAsLong();
        synchronized (stripe) {
            TokenState st = stripe.tokens.get(token);
            if (st == null) {
                if (valueHashes.isEmpty()) {
                    return BudgetCheck.WITHIN_EMPTY;
                }
                st = new TokenState();
                stripe.tokens.put(token, st);
                trim(stripe, (budget.maxTokens() + STRIPES - 1) / STRIPES, now, st);
            }
            return st.record(budget, valueHashes, now);
        }
    }

    private static Stripe[] newStripes() {
        Stripe[] s = new Stripe[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            s[i] = new Stripe();
        }
        return s;
    }

    /** Evicts down to {@code bound}, preferring tokens not cooling down; never {@code keep}. */
    private void trim(Stripe stripe, int bound, long now, TokenState keep) {
        while (stripe.tokens.size() > bound) {
            Iterator<Map.Entry<String, TokenState>> it = stripe.tokens.entrySet().iterator();
            Map.Entry<String, TokenState> victim = null;
            for (int i = 0; i < EVICTION_SCAN && it.hasNext(); i++) {
                Map.Entry<String, TokenState> e = it.next();
                if (e.getValue() == keep) {
                    continue;
                }
                if (victim == null) {
                    victim = e;
                }
                if (!e.getValue().coolingDown(now)) {
                    victim = e;
                    break;
                }
            }
            if (victim == null) {
                return;
            }
            stripe.tokens.remove(victim.getKey());
            evictions.increment();
        }
    }

    /** Tokens evicted to stay within bounds, since creation. */
    public long evictions() {
        return evictions.sum();
    }

    /** Tokens tracked for {@code budget} now. */
    public int trackedTokens(String budget) {
        Stripe[] stripes = tables.get(budget);
        int n = 0;
        if (stripes != null) {
            for (Stripe s : stripes) {
                synchronized (s) {
                    n += s.tokens.size();
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "InMemoryBudgetStore[budgets=" + tables.keySet() + ", evictions=" + evictions.sum() + "]";
    }

    private static final class Stripe {
        final LinkedHashMap<String, TokenState> tokens = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** One token's values in the window (oldest first) and the end of its cool-down. */
    private static final class TokenState {
        private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
        private long coolUntil;
        private boolean cooling;

        boolean coolingDown(long now) {
            return cooling && now - coolUntil < 0;
        }

        BudgetCheck record(Budget b, Collection<String> hashes, long now) {
            if (coolingDown(now)) {
                return new BudgetCheck(BudgetCheck.Status.COOLING_DOWN, 0);
            }
            cooling = false;
            long window = b.window().toNanos();
            for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
                if (now - it.next() < window) {
                    break;
                }
                it.remove();
            }
            Set<String> fresh = new LinkedHashSet<>();
            for (String h : hashes) {
                if (h != null && !seen.containsKey(h)) {
                    fresh.add(h);
                }
            }
            if (seen.size() + fresh.size() > b.maxDistinct()) {
                cooling = true;
                coolUntil = now + b.cooldown().toNanos();
                seen.clear();
                return new BudgetCheck(BudgetCheck.Status.TRIPPED, b.maxDistinct() + 1);
            }
            for (String h : hashes) {
                if (h != null) {
                    seen.remove(h);
                    seen.put(h, now);
                }
            }
            return new BudgetCheck(BudgetCheck.Status.WITHIN, seen.size());
        }
    }
}
