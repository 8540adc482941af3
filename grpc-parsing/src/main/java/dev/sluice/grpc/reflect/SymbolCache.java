package dev.sluice.grpc.reflect;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Answers symbol lookups from three tables before asking the upstream:
 * <ul>
 *   <li>positive: resolved symbols, for the positive TTL, at most {@code maxEntries} and at most
 *       {@code maxCachedBytes} of descriptors (each lookup builds its own copy of shared imports,
 *       so the byte bound is what caps memory);</li>
 *   <li>negative: failed lookups, for the negative TTL, at most {@code maxEntries}, kept apart so
 *       a flood of bogus names can evict only other failures, never a working service;</li>
 *   <li>in flight: one shared future per symbol being fetched, so concurrent requests for the
 *       same service cost one RPC; at most {@code maxInFlight} distinct symbols at once, beyond
 *       which a lookup answers {@link LookupOutcome#OVERLOADED} without caching it.</li>
 * </ul>
 * Expiry reads an injectable nanosecond ticker. One lock guards the tables; it is held only for
 * map operations, never across a fetch.
 */
final class SymbolCache {

    private record Entry(SymbolResult result, long expiresAtNanos) {
    }

    private final Object lock = new Object();
    private final BoundedLru<String, Entry> positive;
    private final BoundedLru<String, Entry> negative;
    private final Map<String, CompletableFuture<SymbolResult>> inFlight = new HashMap<>();
    private final int maxInFlight;
    private final long positiveTtlNanos;
    private final long negativeTtlNanos;
    private final LongSupplier ticker;

    SymbolCache(ReflectionSettings settings, LongSupplier ticker) {
        this.positive = new BoundedLru<>(settings.maxCacheEntries(), settings.maxCachedBytes(),
                entry -> entry.result().bytes());
        this.negative = new BoundedLru<>(settings.maxCacheEntries());
        this.maxInFlight = settings.maxConcurrentLookups();
        this.positiveTtlNanos = settings.positiveTtl().toNanos();
        this.negativeTtlNanos = settings.negativeTtl().toNanos();
        this.ticker = ticker;
    }

    /**
     * Returns the cached or in-flight answer for {@code symbol}, or starts {@code fetch}. The
     * returned future is shared between callers: callers must only chain on it, never complete it.
     * {@code fetch} must return a future that never completes exceptionally.
     */
    CompletableFuture<SymbolResult> get(String symbol, Function<String, CompletableFuture<SymbolResult>> fetch) {
        CompletableFuture<SymbolResult> started;
        synchronized (lock) {
            SymbolResult cached = fresh(positive, symbol);
            if (cached == null) {
                cached = fresh(negative, symbol);
            }
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
            CompletableFuture<SymbolResult> pending = inFlight.get(symbol);
            if (pending != null) {
                return pending;
            }
            if (inFlight.size() >= maxInFlight) {
                return CompletableFuture.completedFuture(SymbolResult.failed(LookupOutcome.OVERLOADED,
                        maxInFlight + " lookups already in flight"));
            }
            started = new CompletableFuture<>();
            inFlight.put(symbol, started);
        }
        // Outside the lock: the fetch may complete on this thread and re-enter store().
        CompletableFuture<SymbolResult> fetching;
        try {
            fetching = fetch.apply(symbol);
        } catch (RuntimeException e) {
            // A bug, not input: still release the in-flight slot so the symbol is not stuck.
            fetching = CompletableFuture.completedFuture(SymbolResult.failed(LookupOutcome.RPC_FAILED,
                    "unexpected " + e.getClass().getSimpleName()));
        }
        fetching.thenAccept(result -> {
            store(symbol, result);
            started.complete(result);
        });
        return started;
    }

    /** Number of lookups in flight now. */
    int inFlight() {
        synchronized (lock) {
            return inFlight.size();
        }
    }

    private void store(String symbol, SymbolResult result) {
        long now = ticker.getAsLong();
        synchronized (lock) {
            inFlight.remove(symbol);
            if (result.resolved()) {
                negative.remove(symbol);
                positive.put(symbol, new Entry(result, now + positiveTtlNanos));
            } else if (result.outcome().cacheable()) {
                positive.remove(symbol);
                negative.put(symbol, new Entry(result, now + negativeTtlNanos));
            }
        }
    }

    private SymbolResult fresh(BoundedLru<String, Entry> table, String symbol) {
        Entry entry = table.get(symbol);
        if (entry == null) {
            return null;
        }
        if (ticker.getAsLong() - entry.expiresAtNanos() >= 0) {
            table.remove(symbol);
            return null;
        }
        return entry.result();
    }
}
