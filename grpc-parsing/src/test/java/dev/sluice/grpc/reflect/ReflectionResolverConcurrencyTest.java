package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Coalescing of concurrent lookups and the cap on distinct lookups in flight, on a real server. */
class ReflectionResolverConcurrencyTest {

    private static final String CALL = "/sluice.chain.ChainService/Call";

    @Test
    void concurrentLookupsOfOneServiceShareOneRpc() throws Exception {
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(TestFiles.chain(3));
        CountDownLatch release = scripted.holdAnswers();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (var server = ReflectionServer.start(scripted);
             var resolver = ReflectionResolver.builder().channel(server.channel()).build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Resolution>> lookups = new ArrayList<>();
            List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                CompletableFuture<Resolution> slot = new CompletableFuture<>();
                lookups.add(slot);
                submitted.add(callers.submit(() -> {
                    go.await();
                    resolver.lookup(CALL).thenAccept(slot::complete);
                    return null;
                }));
            }
            go.countDown();
            for (var s : submitted) {
                s.get(10, TimeUnit.SECONDS);
            }
            awaitUntil(() -> scripted.symbolRequests() == 1);
            Thread.sleep(100);
            assertTrue(lookups.stream().noneMatch(CompletableFuture::isDone), "all wait for the held answer");
            release.countDown();
            for (CompletableFuture<Resolution> lookup : lookups) {
                assertTrue(lookup.get(10, TimeUnit.SECONDS).resolved());
            }
            assertEquals(1, server.calls(ReflectionServer.V1));
            assertEquals(1, scripted.symbolRequests());
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void distinctLookupsBeyondTheCapAreOverloadedAndNotCached() throws Exception {
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(TestFiles.chain(1))
                .add(TestFiles.orders(0));
        CountDownLatch release = scripted.holdAnswers();
        try (var server = ReflectionServer.start(scripted);
             var resolver = ReflectionResolver.builder().channel(server.channel())
                     .maxConcurrentLookups(1).timeout(Duration.ofSeconds(10)).build()) {
            CompletableFuture<Resolution> held = resolver.lookup(CALL);
            awaitUntil(() -> scripted.symbolRequests() == 1);
            Resolution refused = resolver.lookup("/" + TestFiles.ORDER_SERVICE + "/Get").get(1, TimeUnit.SECONDS);
            assertEquals(LookupOutcome.OVERLOADED, refused.outcome());
            assertFalse(held.isDone());
            release.countDown();
            assertTrue(held.get(10, TimeUnit.SECONDS).resolved());
            assertTrue(resolver.lookup("/" + TestFiles.ORDER_SERVICE + "/Get").get(10, TimeUnit.SECONDS).resolved(),
                    "the refusal was not cached");
            assertEquals(2, scripted.symbolRequests());
        } finally {
            release.countDown();
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
