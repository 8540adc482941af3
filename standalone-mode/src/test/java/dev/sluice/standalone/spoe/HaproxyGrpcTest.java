package dev.sluice.standalone.spoe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DynamicMessage;
import dev.sluice.grpc.reflect.DescribedService;
import dev.sluice.standalone.serve.ProfilesService;
import dev.sluice.standalone.spoe.HaproxySpoeTest.Haproxy;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC through the shipped {@code deploy/haproxy} pair: a grpc-java client speaks HTTP/2 in clear
 * text to a real HAProxy, which forwards to a real grpc-java server and asks the agent (with the
 * service's descriptor set) about both messages. Blocks reach the client as {@code PERMISSION_DENIED};
 * a redacted answer reaches it with the masked message and the service's own trailers (the gRPC
 * backend's body filter in sluice.lua).
 */
class HaproxyGrpcTest {
    static final Metadata.Key<String> WANT_DEBUG = Metadata.Key.of("x-want-debug", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> DEBUG_DB = Metadata.Key.of("x-debug-db", Metadata.ASCII_STRING_MARSHALLER);
    static final String CARD = "4012888888881881";
    static final String DB_URL = "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app";
    static final String POLICY = """
            version: 1
            defaults:
              on_failure: open
              actions: {pii: alert, secret: alert, attack: alert}
              request:
                attack: block
                password_field: {action: redact, mask: fixed}
              response:
                credit_card: {action: redact, mask: keep_last_4}
                secret: {action: redact, mask: fixed}
            routes:
              - name: exports
                match: {path: /demo.Profiles/Export}
                response: {credit_card: block}
            """;

    /** The password field of each request the service received, as it received it. */
    static final List<String> PASSWORDS = new CopyOnWriteArrayList<>();
    @TempDir
    static Path dir;
    static SpoeRuntime agent;
    static ProfilesService service;
    static Haproxy haproxy;
    static ManagedChannel channel;
    static Path events;

    @BeforeAll
    static void start() throws Exception {
        Path set = ProfilesService.writeDescriptorSet(dir.resolve("profiles.pb"));
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        agent = SpopAgentTest.start(dir, c -> c.policyFile(policy).descriptorSets(List.of(set)));
        events = dir.resolve("events.jsonl");
        service = ProfilesService.start(req -> {
                    PASSWORDS.add(ProfilesService.field(req, "password"));
                    return switch (ProfilesService.field(req, "id")) {
                        case "clean" -> ProfilesService.profile("", "");
                        case "misconfigured" -> ProfilesService.profile(DB_URL, ""); // a secret where an e-mail goes
                        default -> ProfilesService.profile("carol.diaz@fastmail.com", CARD);
                    };
                },
                new ServerInterceptor() {
                    // A call that asks for it gets the service's debug metadata: a database URL with its password.
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                                      ServerCallHandler<Q, R> next) {
                        boolean wanted = headers.containsKey(WANT_DEBUG);
                        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                            @Override
                            public void sendHeaders(Metadata h) {
                                if (wanted) {
                                    h.put(DEBUG_DB, DB_URL);
                                }
                                super.sendHeaders(h);
                            }
                        }, headers);
                    }
                });
        haproxy = Haproxy.start(dir.resolve("haproxy"), 9, service.port(), agent.port(), false);
        URI url = URI.create(haproxy.url());
        channel = Grpc.newChannelBuilderForAddress(url.getHost(), url.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (service != null) {
            service.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private static DynamicMessage call(io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> method,
                                       DynamicMessage request) {
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    @Test
    void aCleanCallPassesWithItsStatus() {
        int before = service.calls();
        DynamicMessage back = call(ProfilesService.GET, ProfilesService.request("clean", ""));
        assertEquals("", ProfilesService.field(back, "email"));
        assertEquals(before + 1, service.calls());
    }

    @Test
    void anAttackInARequestIsRefusedWithPermissionDeniedBeforeTheServer() throws Exception {
        int before = service.calls();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(ProfilesService.GET,
                ProfilesService.request("7' UNION SELECT password FROM users--", "")));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(before, service.calls(), "the server saw a blocked call");
        JsonNode event = SpopAgentTest.awaitEvent(events, ev -> ev.path("direction").asText().equals("request")
                && ev.path("delivery").asText().equals("blocked") && ev.path("path").asText().equals("/demo.Profiles/Get"));
        assertTrue(e.getStatus().getDescription().contains(event.path("exchangeId").asText()), e.getStatus().toString());
    }

    /**
     * A secret in a gRPC response's metadata: sluice.lua sets the masked value in its place (a
     * header field, unlike a body, needs no trailers), and the call completes with its answer.
     */
    @Test
    void aSecretInResponseMetadataReachesTheClientMasked() {
        Metadata want = new Metadata();
        want.put(WANT_DEBUG, "1");
        AtomicReference<Metadata> received = new AtomicReference<>();
        Channel asking = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(want),
                MetadataUtils.newCaptureMetadataInterceptor(received, new AtomicReference<>()));
        DynamicMessage back = ClientCalls.blockingUnaryCall(asking, ProfilesService.GET,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), ProfilesService.request("clean", ""));
        assertEquals("", ProfilesService.field(back, "email"));
        assertEquals("[REDACTED:basic_auth_url]/app", received.get().get(DEBUG_DB));
    }

    /**
     * The card the policy redacts reaches the client masked in a well-formed message (its length
     * prefix and field lengths written anew), with the call's status from the service's trailers.
     */
    @Test
    void aCardInAnAnswerReachesTheClientMaskedWithTheServicesStatus() throws Exception {
        DynamicMessage back = call(ProfilesService.GET, ProfilesService.request("user-7", ""));
        assertEquals("************1881", ProfilesService.field(back, "card_number"));
        assertEquals("carol.diaz@fastmail.com", ProfilesService.field(back, "email"), "only the card is redacted");
        JsonNode event = SpopAgentTest.awaitEvent(events, ev -> ev.path("direction").asText().equals("response")
                && ev.path("path").asText().equals("/demo.Profiles/Get") && ev.path("delivery").asText().equals("redacted"));
        assertEquals("redact", event.path("action").asText(), event.toString());
        assertFalse(event.path("reason").asText().contains("redaction_not_possible"), event.toString());
        assertFalse(Files.readString(events).contains(CARD));
    }

    /**
     * A mask of another length than the value (a fixed mask for a database URL): the message's field
     * length and the gRPC frame's length prefix are written anew, and the client reads the message.
     */
    @Test
    void aMaskOfAnotherLengthLeavesAWellFormedMessage() {
        DynamicMessage back = call(ProfilesService.GET, ProfilesService.request("misconfigured", ""));
        assertEquals("[REDACTED:basic_auth_url]/app", ProfilesService.field(back, "email"));
        assertEquals("", ProfilesService.field(back, "card_number"));
    }

    /**
     * A request message holding a value the policy redacts (a password), through the file with its
     * request body filter on: a gRPC request declares no length, and one that did not fill
     * HAProxy's buffer is known whole (the file's {@code cut}), so the service receives the message
     * masked, its frame's length prefix written anew. Before, no request without a declared length
     * could be masked: the fail rule let it through as it came.
     */
    @Test
    void aPasswordInARequestReachesTheServiceMaskedThroughTheRequestFilter() throws Exception {
        try (Haproxy h = Haproxy.start(dir.resolve("haproxy-request-bodies"), 9, service.port(), agent.port(), false,
                true)) {
            URI url = URI.create(h.url());
            ManagedChannel filtered = Grpc.newChannelBuilderForAddress(url.getHost(), url.getPort(),
                    InsecureChannelCredentials.create()).build();
            try {
                PASSWORDS.clear();
                DynamicMessage back = ClientCalls.blockingUnaryCall(filtered, ProfilesService.GET,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                        ProfilesService.request("clean", "Tr0ub4dor&3xq"));
                assertEquals("", ProfilesService.field(back, "card_number"));
                assertEquals(List.of("[REDACTED:password_field]"), PASSWORDS);
            } finally {
                filtered.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A route that blocks such answers: the call ends with PERMISSION_DENIED instead. */
    @Test
    void anAnswerARouteBlocksIsRefusedWithPermissionDenied() throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(ProfilesService.EXPORT,
                ProfilesService.request("user-7", "")));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.getStatus().toString());
        JsonNode event = SpopAgentTest.awaitEvent(events, ev -> ev.path("direction").asText().equals("response")
                && ev.path("route").asText().equals("exports"));
        assertEquals("block", event.path("action").asText());
    }

    /**
     * A server stream that outlasts HAProxy's wait for a body: HAProxy itself answers 504 (its
     * {@code wait-for-body} has no "go on" at the end of its time), so a call that streams must not
     * be waited for. Where the agent has the method's schema it says so before the wait
     * ({@code sluice-grpc-method}); where it has none, the README asks for such paths in the
     * streaming list. Either way the stream flows whole, its status at the end; its later messages
     * are not read (the limit the README states).
     */
    @Test
    void aStreamOutlastingTheWaitIsKnownByItsSchemaOrTheStreamingList() throws Exception {
        MethodDescriptor<DynamicMessage, DynamicMessage> watch = ProfilesService.GET.toBuilder()
                .setType(MethodDescriptor.MethodType.SERVER_STREAMING).setFullMethodName("demo.Feed/Watch").build();
        Server feed = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerServiceDefinition.builder("demo.Feed").addMethod(watch,
                        ServerCalls.asyncServerStreamingCall((req, out) -> twoProfiles(out::onNext, out::onCompleted)))
                        .build())
                .build().start();
        Path list = Files.writeString(dir.resolve("streaming-paths.lst"), "# calls that stream\n/demo.Feed/\n");
        try {
            try (Haproxy h = Haproxy.start(dir.resolve("haproxy-wait"), 9, feed.getPort(), agent.port(), false, false,
                    Map.of("SLUICE_HAPROXY_BODY_WAIT", "500ms"))) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> watch(h, watch));
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
                assertTrue(e.getStatus().getDescription().contains("504"), e.getStatus().toString());
            }
            try (Haproxy h = Haproxy.start(dir.resolve("haproxy-streaming"), 9, feed.getPort(), agent.port(), false,
                    false, Map.of("SLUICE_HAPROXY_BODY_WAIT", "500ms", "SLUICE_HAPROXY_STREAMING_PATHS",
                            list.toString()))) {
                assertWholeStream(watch(h, watch));
            }
            Path withFeed = ProfilesService.writeDescriptorSet(dir.resolve("feed.pb"), FEED_PROTO);
            Path policy = dir.resolve("policy.yaml");
            try (SpoeRuntime knowing = SpopAgentTest.start(Files.createDirectories(dir.resolve("agent-feed")),
                    c -> c.policyFile(policy).descriptorSets(List.of(withFeed)));
                 // Inactivity timeouts of 1 s, shorter than the stream's quiet 1.5 s: gRPC calls wait
                 // for the service as long as the feed timeout, or the stream would be cut.
                 Haproxy h = Haproxy.start(dir.resolve("haproxy-schema"), 9, feed.getPort(), knowing.port(), false,
                         false, Map.of("SLUICE_HAPROXY_BODY_WAIT", "500ms", "SLUICE_HAPROXY_TIMEOUT", "1s"))) {
                assertWholeStream(watch(h, watch));
            }
        } finally {
            feed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The same stream from a service the agent knows only through its server reflection: no
     * descriptor set, no list. The agent warmed reflection up as it started, and waits for the
     * lookup HAProxy's first call starts, so the first call is not waited for and flows whole.
     */
    @Test
    void aStreamLearnedThroughReflectionFlowsWholeOnItsFirstCall() throws Exception {
        MethodDescriptor<DynamicMessage, DynamicMessage> watch = ProfilesService.GET.toBuilder()
                .setType(MethodDescriptor.MethodType.SERVER_STREAMING).setFullMethodName("demo.Feed/Watch").build();
        ServerCallHandler<byte[], byte[]> watchBytes = ServerCalls.asyncServerStreamingCall(
                (req, out) -> twoProfiles(p -> out.onNext(p.toByteArray()), out::onCompleted));
        Server feed = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(DescribedService.of(ProfilesService.build(FEED_PROTO).findServiceByName("Feed"),
                        Map.of("Watch", watchBytes)))
                .addService(ProtoReflectionServiceV1.newInstance())
                .build().start();
        Path policy = dir.resolve("policy.yaml");
        try (SpoeRuntime reflecting = SpopAgentTest.start(Files.createDirectories(dir.resolve("agent-reflecting")),
                c -> c.policyFile(policy).backend("http://127.0.0.1:" + feed.getPort()).grpcReflection(true));
             Haproxy h = Haproxy.start(dir.resolve("haproxy-reflection"), 9, feed.getPort(), reflecting.port(), false,
                     false, Map.of("SLUICE_HAPROXY_BODY_WAIT", "500ms"))) {
            assertWholeStream(watch(h, watch));
        } finally {
            feed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A profile now and one with a card 1.5 s later, past the wait for a body, then the end. */
    private static void twoProfiles(Consumer<DynamicMessage> send, Runnable end) {
        send.accept(ProfilesService.profile("first@fastmail.com", ""));
        try {
            Thread.sleep(1_500); // past the wait for a body
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        send.accept(ProfilesService.profile("later@fastmail.com", CARD));
        end.run();
    }

    /** {@code demo.Feed}: {@code Watch} streams {@code Profile}s for a {@code GetProfile}. */
    static final FileDescriptorProto FEED_PROTO = FileDescriptorProto.newBuilder().setName("demo/feed.proto")
            .setPackage("demo").setSyntax("proto3").addDependency("demo/profiles.proto")
            .addService(ServiceDescriptorProto.newBuilder().setName("Feed").addMethod(MethodDescriptorProto.newBuilder()
                    .setName("Watch").setInputType(".demo.GetProfile").setOutputType(".demo.Profile")
                    .setServerStreaming(true)))
            .build();

    private static void assertWholeStream(List<DynamicMessage> got) {
        assertEquals(2, got.size(), got.toString());
        assertEquals("first@fastmail.com", ProfilesService.field(got.get(0), "email"));
        assertEquals("later@fastmail.com", ProfilesService.field(got.get(1), "email"));
        assertEquals(CARD, ProfilesService.field(got.get(1), "card_number"), "a message Sluice never read");
    }

    /** Every message of one call of {@code method} through {@code h}. */
    private static List<DynamicMessage> watch(Haproxy h, MethodDescriptor<DynamicMessage, DynamicMessage> method)
            throws InterruptedException {
        URI url = URI.create(h.url());
        ManagedChannel ch = Grpc.newChannelBuilderForAddress(url.getHost(), url.getPort(),
                InsecureChannelCredentials.create()).build();
        try {
            List<DynamicMessage> got = new ArrayList<>();
            ClientCalls.blockingServerStreamingCall(ch, method, CallOptions.DEFAULT.withDeadlineAfter(20,
                    TimeUnit.SECONDS), ProfilesService.request("feed", "")).forEachRemaining(got::add);
            return got;
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
