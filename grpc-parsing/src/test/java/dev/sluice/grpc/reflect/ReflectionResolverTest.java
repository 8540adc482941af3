package dev.sluice.grpc.reflect;

import static dev.sluice.grpc.reflect.ReflectionServer.V1;
import static dev.sluice.grpc.reflect.ReflectionServer.V1ALPHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.sluice.grpc.descriptor.MethodTypes;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The resolver against real gRPC servers on loopback sockets: protocol versions, caching, failures. */
class ReflectionResolverTest {

    private static final String GET_USER = "/" + TestFiles.USER_SERVICE + "/GetUser";
    private static final String GET_ORDER = "/" + TestFiles.ORDER_SERVICE + "/Get";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    static Object[] userAndOrderServices() {
        List<FileDescriptor> files = TestFiles.link(List.of(TestFiles.common(), TestFiles.users(), TestFiles.orders(0)));
        return new Object[] {
                DescribedService.of(files.get(1).findServiceByName("UserService")),
                DescribedService.of(files.get(2).findServiceByName("OrderService"))};
    }

    static Object[] with(Object reflection, Object... services) {
        Object[] all = new Object[services.length + 1];
        all[0] = reflection;
        System.arraycopy(services, 0, all, 1, services.length);
        return all;
    }

    /**
     * A resolver of {@code server} on the test's clock. Its reflection timeout is generous: a
     * loaded two-core machine was seen to take more than the 2 s default for the first lookup of
     * a run; the tests of the timeout set their own.
     */
    private ReflectionResolverBuilder resolverFor(ReflectionServer server) {
        return ReflectionResolver.builder().channel(server.channel()).ticker(now::get).timeout(Duration.ofSeconds(20));
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    static Resolution await(java.util.concurrent.CompletableFuture<Resolution> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void resolvesUnaryAndStreamingMethodsThroughV1() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = ReflectionResolver.builder().plaintext("127.0.0.1:" + server.port()).build()) {
            MethodTypes get = resolver.resolve(GET_USER).get(10, TimeUnit.SECONDS).orElseThrow();
            assertEquals(GET_USER, get.path());
            assertEquals("sluice.test.users.GetUserRequest", get.input().getFullName());
            assertEquals("sluice.test.users.User", get.output().getFullName());
            assertFalse(get.clientStreaming() || get.serverStreaming());
            MethodTypes watch = resolver.resolve("/" + TestFiles.USER_SERVICE + "/Watch").get(10, TimeUnit.SECONDS).orElseThrow();
            assertTrue(watch.clientStreaming() && watch.serverStreaming());
            MethodTypes list = resolver.resolve("/" + TestFiles.USER_SERVICE + "/List").get(10, TimeUnit.SECONDS).orElseThrow();
            assertTrue(!list.clientStreaming() && list.serverStreaming());
            // The field types are linked across files.
            assertEquals("sluice.test.common.Address", get.output().findFieldByName("address").getMessageType().getFullName());
            assertEquals(1, server.calls(V1));
            assertEquals(0, server.calls(V1ALPHA));
            assertEquals(ReflectionVersion.V1, resolver.preferredVersion());
        }
    }

    @Test
    void exposesEveryFetchedMessageTypeForAnyResolution() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).build()) {
            assertTrue(resolver.find("sluice.test.users.User").isEmpty());
            await(resolver.lookup(GET_USER));
            assertTrue(resolver.find("sluice.test.common.Address.Geo").isPresent());
            assertTrue(resolver.find("google.protobuf.Any").isPresent());
            assertEquals("sluice.test.users.User",
                    resolver.findByTypeUrl("type.googleapis.com/sluice.test.users.User").orElseThrow().getFullName());
            assertTrue(resolver.find("sluice.test.orders.Order").isEmpty());
            // A type from a file no method has needed yet is fetched by name.
            assertEquals("sluice.test.orders.Order",
                    resolver.fetchMessageType("sluice.test.orders.Order").get(10, TimeUnit.SECONDS).orElseThrow().getFullName());
            assertTrue(resolver.find("sluice.test.orders.Order").isPresent());
            assertTrue(resolver.fetchMessageType("sluice.test.orders.Nope").get(10, TimeUnit.SECONDS).isEmpty());
            assertTrue(resolver.fetchMessageType("not a name").get(10, TimeUnit.SECONDS).isEmpty());
            assertEquals(3, server.calls(V1));
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void fallsBackToV1AlphaAndRemembersIt() throws Exception {
        try (var server = ReflectionServer.start(with(
                io.grpc.protobuf.services.ProtoReflectionService.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).build()) {
            assertTrue(await(resolver.lookup(GET_USER)).resolved());
            assertEquals(1, server.calls(V1));
            assertEquals(1, server.calls(V1ALPHA));
            assertEquals(ReflectionVersion.V1ALPHA, resolver.preferredVersion());
            assertTrue(await(resolver.lookup(GET_ORDER)).resolved());
            assertEquals(1, server.calls(V1), "the second lookup goes straight to v1alpha");
            assertEquals(2, server.calls(V1ALPHA));
        }
    }

    @Test
    void serverWithoutReflectionIsCachedNegatively() throws Exception {
        try (var server = ReflectionServer.start(userAndOrderServices());
             var resolver = resolverFor(server).build()) {
            Resolution first = await(resolver.lookup(GET_USER));
            assertEquals(LookupOutcome.NO_REFLECTION, first.outcome());
            assertTrue(first.types().isEmpty());
            assertEquals(1, server.calls(V1));
            assertEquals(1, server.calls(V1ALPHA));

            assertEquals(LookupOutcome.NO_REFLECTION, await(resolver.lookup(GET_USER)).outcome());
            advance(Duration.ofSeconds(29));
            assertTrue(resolver.resolve(GET_USER).get(10, TimeUnit.SECONDS).isEmpty());
            assertEquals(1, server.calls(V1), "answered from the negative cache");
            assertEquals(1, server.calls(V1ALPHA));

            advance(Duration.ofSeconds(1));
            assertEquals(LookupOutcome.NO_REFLECTION, await(resolver.lookup(GET_USER)).outcome());
            assertEquals(2, server.calls(V1), "asked again once the negative TTL passed");
        }
    }

    @Test
    void unknownMethodIsAnsweredFromTheCachedService() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).build()) {
            Resolution missing = await(resolver.lookup("/" + TestFiles.USER_SERVICE + "/Delete"));
            assertEquals(LookupOutcome.METHOD_NOT_FOUND, missing.outcome());
            assertEquals("service sluice.test.users.UserService has no method Delete", missing.detail());
            assertTrue(await(resolver.lookup(GET_USER)).resolved());
            assertEquals(LookupOutcome.METHOD_NOT_FOUND, await(resolver.lookup("/" + TestFiles.USER_SERVICE + "/Other")).outcome());
            assertEquals(LookupOutcome.METHOD_NOT_FOUND, await(resolver.lookup("/sluice.test.users.User/GetUser")).outcome(),
                    "a message is not a service");
            assertEquals(2, server.calls(V1), "one lookup per symbol");
        }
    }

    @Test
    void unknownServiceIsNotFoundAndCachedNegatively() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).build()) {
            assertEquals(LookupOutcome.SYMBOL_NOT_FOUND, await(resolver.lookup("/sluice.test.Nope/Get")).outcome());
            assertEquals(LookupOutcome.SYMBOL_NOT_FOUND, await(resolver.lookup("/sluice.test.Nope/Other")).outcome());
            assertEquals(1, server.calls(V1));
            assertEquals(ReflectionVersion.V1, resolver.preferredVersion(), "an error response still proves v1");
        }
    }

    @Test
    void silentServerTimesOutWithinTheDeadline() throws Exception {
        ScriptedReflectionService silent = ScriptedReflectionService.silent();
        try (var server = ReflectionServer.start(silent).connected();
             var resolver = resolverFor(server).timeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            Resolution timedOut = await(resolver.lookup(GET_USER));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(LookupOutcome.TIMEOUT, timedOut.outcome());
            assertTrue(elapsedMillis >= 250 && elapsedMillis < 2_000, "took " + elapsedMillis + " ms");
            assertEquals(LookupOutcome.TIMEOUT, await(resolver.lookup(GET_USER)).outcome());
            assertEquals(1, server.calls(V1), "the timeout is cached negatively");
            assertEquals(1, silent.symbolRequests());
        }
    }

    @Test
    void unreachableUpstreamIsUnavailable() throws Exception {
        int port;
        try (var server = ReflectionServer.start()) {
            port = server.port();
        }
        try (var resolver = ReflectionResolver.builder().plaintext("127.0.0.1:" + port).build()) {
            Resolution down = await(resolver.lookup(GET_USER));
            assertEquals(LookupOutcome.UNAVAILABLE, down.outcome());
            assertEquals(ReflectionVersion.V1, resolver.preferredVersion());
        }
    }

    @Test
    void closedResolverAnswersClosed() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()))) {
            var resolver = resolverFor(server).build();
            resolver.close();
            assertEquals(LookupOutcome.CLOSED, await(resolver.lookup(GET_USER)).outcome());
            assertEquals(0, server.calls(V1));
            assertFalse(server.channel().isShutdown(), "a borrowed channel stays open");
        }
    }

    @Test
    void positiveEntriesExpireAfterTheirTtl() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).positiveTtl(Duration.ofMinutes(10)).build()) {
            assertTrue(await(resolver.lookup(GET_USER)).resolved());
            advance(Duration.ofMinutes(10).minusNanos(1));
            assertTrue(await(resolver.lookup(GET_USER)).resolved());
            assertEquals(1, server.calls(V1));
            advance(Duration.ofNanos(1));
            assertTrue(await(resolver.lookup(GET_USER)).resolved());
            assertEquals(2, server.calls(V1));
        }
    }

    @Test
    void positiveCacheIsBounded() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).maxCacheEntries(1).build()) {
            await(resolver.lookup(GET_USER));
            await(resolver.lookup(GET_USER));
            await(resolver.lookup(GET_ORDER));
            await(resolver.lookup(GET_USER));
            assertEquals(3, server.calls(V1), "the order service evicted the user service");
        }
    }

    @Test
    void listenerSeesOneEventPerUpstreamLookup() throws Exception {
        List<LookupEvent> events = new CopyOnWriteArrayList<>();
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).lookupListener(events::add).build()) {
            await(resolver.lookup(GET_USER));
            await(resolver.lookup(GET_USER));
            await(resolver.lookup("/sluice.test.Nope/Get"));
            assertEquals(2, events.size());
            LookupEvent found = events.get(0);
            assertEquals(TestFiles.USER_SERVICE, found.symbol());
            assertEquals(LookupOutcome.RESOLVED, found.outcome());
            assertEquals(3, found.files(), "users, common and google/protobuf/any.proto");
            assertEquals(ReflectionVersion.V1, found.version());
            assertEquals(LookupOutcome.SYMBOL_NOT_FOUND, events.get(1).outcome());
        }
    }

    @Test
    void throwingListenerDoesNotBreakLookups() throws Exception {
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).lookupListener(e -> {
                 throw new IllegalStateException("listener bug");
             }).build()) {
            assertTrue(await(resolver.lookup(GET_USER)).resolved());
        }
    }

    @Test
    void descriptorsLargerThanOneResponseAllowsAreRejected() throws Exception {
        List<FileDescriptor> files = TestFiles.link(List.of(TestFiles.orders(200)));
        try (var server = ReflectionServer.start(ProtoReflectionServiceV1.newInstance(),
                DescribedService.of(files.get(0).findServiceByName("OrderService")));
             var resolver = resolverFor(server).maxBytes(1024).build()) {
            assertEquals(LookupOutcome.TOO_MANY_BYTES, await(resolver.lookup(GET_ORDER)).outcome());
        }
    }

    @Test
    void resolvedTypesAreTheServersTypes() throws Exception {
        FileDescriptorProto users = TestFiles.users();
        try (var server = ReflectionServer.start(with(ProtoReflectionServiceV1.newInstance(), userAndOrderServices()));
             var resolver = resolverFor(server).build()) {
            Optional<MethodTypes> types = resolver.resolve(GET_USER).get(10, TimeUnit.SECONDS);
            assertEquals(users, types.orElseThrow().input().getFile().toProto());
        }
    }

    @Test
    void resolvesAcrossAnImportChainFromASingleFileServer() throws Exception {
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(TestFiles.chain(5));
        try (var server = ReflectionServer.start(scripted);
             var resolver = resolverFor(server).build()) {
            MethodTypes call = resolver.resolve("/sluice.chain.ChainService/Call").get(10, TimeUnit.SECONDS).orElseThrow();
            var m = call.input();
            for (int i = 1; i < 5; i++) {
                m = m.findFieldByName("m" + i).getMessageType();
                assertEquals("sluice.chain.M" + i, m.getFullName());
                assertEquals(TestFiles.chainName(i), m.getFile().getName());
            }
            assertTrue(resolver.find("sluice.chain.M4").isPresent());
            assertEquals(4, scripted.fileRequests());
        }
    }

    @Test
    void importCycleIsCachedNegatively() throws Exception {
        FileDescriptorProto a = TestFiles.file("a.proto", "sluice.cycle", List.of("b.proto"), TestFiles.message("A"))
                .toBuilder().addService(com.google.protobuf.DescriptorProtos.ServiceDescriptorProto.newBuilder()
                        .setName("CycleService")
                        .addMethod(TestFiles.method("Get", ".sluice.cycle.A", ".sluice.cycle.A", false, false)))
                .build();
        FileDescriptorProto b = TestFiles.file("b.proto", "sluice.cycle", List.of("a.proto"), TestFiles.message("B"));
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(List.of(a, b));
        try (var server = ReflectionServer.start(scripted);
             var resolver = resolverFor(server).build()) {
            Resolution cycle = await(resolver.lookup("/sluice.cycle.CycleService/Get"));
            assertEquals(LookupOutcome.DEPENDENCY_CYCLE, cycle.outcome());
            assertEquals(LookupOutcome.DEPENDENCY_CYCLE, await(resolver.lookup("/sluice.cycle.CycleService/Get")).outcome());
            assertEquals(1, scripted.symbolRequests());
        }
    }

    @Test
    void lookupNeedingMoreFilesThanAllowedFails() throws Exception {
        try (var server = ReflectionServer.start(ScriptedReflectionService.serving(TestFiles.chain(20)));
             var resolver = resolverFor(server).maxFiles(8).build()) {
            Resolution tooMany = await(resolver.lookup("/sluice.chain.ChainService/Call"));
            assertEquals(LookupOutcome.TOO_MANY_FILES, tooMany.outcome());
            assertTrue(resolver.find("sluice.chain.M0").isEmpty(), "nothing from a failed lookup is kept");
        }
    }
}
