package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.AnyProto;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The cache's tables with a fetch function written in the test (no upstream). */
class SymbolCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

    private SymbolCache cache(int maxEntries, int maxInFlight) {
        return new SymbolCache(new ReflectionSettings(Duration.ofSeconds(2), Duration.ofMinutes(10),
                Duration.ofSeconds(30), maxEntries, 1 << 20, maxInFlight, 256, 1 << 20, 1000), now::get);
    }

    /** Resolves names starting with "ok", fails the others. */
    private final Function<String, CompletableFuture<SymbolResult>> fetch = symbol -> {
        fetches.computeIfAbsent(symbol, s -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.completedFuture(symbol.startsWith("ok")
                ? SymbolResult.found(AnyProto.getDescriptor().getMessageTypes().get(0), List.of(), symbol.length())
                : SymbolResult.failed(LookupOutcome.SYMBOL_NOT_FOUND, "no " + symbol));
    };

    private int fetches(String symbol) {
        AtomicInteger count = fetches.get(symbol);
        return count == null ? 0 : count.get();
    }

    @Test
    void floodOfFailuresCannotEvictAWorkingService() {
        SymbolCache cache = cache(2, 16);
        cache.get("ok.Service", fetch).join();
        for (int i = 0; i < 10; i++) {
            cache.get("bogus.S" + i, fetch).join();
        }
        cache.get("ok.Service", fetch).join();
        assertEquals(1, fetches("ok.Service"));
        cache.get("bogus.S0", fetch).join();
        assertEquals(2, fetches("bogus.S0"), "only the last two failures are remembered");
    }

    @Test
    void throwingFetchReleasesItsSlot() {
        SymbolCache cache = cache(2, 1);
        SymbolResult result = cache.get("ok.A", s -> {
            throw new IllegalStateException("bug");
        }).join();
        assertEquals(LookupOutcome.RPC_FAILED, result.outcome());
        assertEquals(0, cache.inFlight());
        assertEquals(LookupOutcome.RPC_FAILED, cache.get("ok.A", fetch).join().outcome(), "cached negatively");
    }

    @Test
    void overloadIsNotCached() {
        SymbolCache cache = cache(2, 1);
        CompletableFuture<SymbolResult> pending = new CompletableFuture<>();
        CompletableFuture<SymbolResult> first = cache.get("ok.Slow", s -> pending);
        assertEquals(LookupOutcome.OVERLOADED, cache.get("ok.Other", fetch).join().outcome());
        pending.complete(SymbolResult.failed(LookupOutcome.TIMEOUT, "slow"));
        assertEquals(LookupOutcome.TIMEOUT, first.join().outcome());
        assertEquals(LookupOutcome.RESOLVED, cache.get("ok.Other", fetch).join().outcome());
        assertEquals(1, fetches("ok.Other"));
    }

    @Test
    void aSuccessAfterExpiryReplacesTheFailure() {
        SymbolCache cache = cache(4, 16);
        CompletableFuture<SymbolResult> failing = CompletableFuture.completedFuture(
                SymbolResult.failed(LookupOutcome.UNAVAILABLE, "down"));
        assertEquals(LookupOutcome.UNAVAILABLE, cache.get("ok.S", s -> failing).join().outcome());
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        SymbolResult found = cache.get("ok.S", fetch).join();
        assertEquals(LookupOutcome.RESOLVED, found.outcome());
        assertSame(found, cache.get("ok.S", fetch).join());
    }

    @Test
    void positiveEntriesAreBoundedByTheirDescriptorBytes() {
        SymbolCache cache = new SymbolCache(new ReflectionSettings(Duration.ofSeconds(2), Duration.ofMinutes(10),
                Duration.ofSeconds(30), 100, 1000, 16, 256, 1 << 20, 1000), now::get);
        Function<String, CompletableFuture<SymbolResult>> weighs400 = symbol -> {
            fetches.computeIfAbsent(symbol, s -> new AtomicInteger()).incrementAndGet();
            return CompletableFuture.completedFuture(
                    SymbolResult.found(AnyProto.getDescriptor().getMessageTypes().get(0), List.of(), 400));
        };
        cache.get("ok.A", weighs400).join();
        cache.get("ok.B", weighs400).join();
        cache.get("ok.C", weighs400).join();
        cache.get("ok.B", weighs400).join();
        cache.get("ok.C", weighs400).join();
        cache.get("ok.A", weighs400).join();
        assertEquals(2, fetches("ok.A"), "A was evicted to keep 1000 bytes");
        assertEquals(1, fetches("ok.B"));
        assertEquals(1, fetches("ok.C"));
    }
}
