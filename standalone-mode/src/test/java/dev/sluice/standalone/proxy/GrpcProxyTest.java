package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * gRPC through the proxy with a real grpc-java client and server (h2c both ways): unary and
 * server streaming, statuses and trailers preserved, blocks as PERMISSION_DENIED before and
 * after the response headers left, and an unreachable upstream as UNAVAILABLE.
 */
@ExtendWith(NoLeaks.class)
class GrpcProxyTest {
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
    private static final MethodDescriptor<byte[], byte[]> STREAM =
            method("Stream", MethodDescriptor.MethodType.SERVER_STREAMING);
    private static final MethodDescriptor<byte[], byte[]> FAIL = method("Fail", MethodDescriptor.MethodType.UNARY);
    private static final Metadata.Key<String> DETAIL = Metadata.Key.of("x-detail", Metadata.ASCII_STRING_MARSHALLER);

    private static Server server;
    private static MarkerFilter filter;
    private static SidecarProxy proxy;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Echo")
                .addMethod(UNARY, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(req);
                    out.onCompleted();
                }))
                .addMethod(STREAM, ServerCalls.asyncServerStreamingCall((req, out) -> {
                    String text = new String(req, StandardCharsets.UTF_8);
                    int count = Integer.parseInt(text.substring(0, text.indexOf(':')));
                    for (int i = 0; i < count; i++) {
                        out.onNext((i + ":" + text).getBytes(StandardCharsets.UTF_8));
                    }
                    out.onCompleted();
                }))
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((req, out) -> {
                    Metadata trailers = new Metadata();
                    trailers.put(DETAIL, "abc-123");
                    out.onError(Status.NOT_FOUND.withDescription("no such thing").asRuntimeException(trailers));
                }))
                .build();
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build().start();
        filter = new MarkerFilter("************");
        proxy = SidecarProxy.start(ProxyTests.config("http://127.0.0.1:" + server.getPort()).build(), filter);
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", proxy.port(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        proxy.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void unaryCallPassesThroughWithItsBytes() {
        byte[] payload = new byte[20_000];
        new Random(5).nextBytes(payload);
        byte[] back = ClientCalls.blockingUnaryCall(with("pass", "pass"), UNARY, options(), payload);
        assertArrayEquals(payload, back);
    }

    @Test
    void unaryCallIsMaskedInBothDirectionsWhenHeld() {
        byte[] back = ClientCalls.blockingUnaryCall(with("hold", "hold"), UNARY, options(),
                "card SECRET-VALUE end".getBytes(StandardCharsets.UTF_8));
        assertEquals("card ************ end", new String(back, StandardCharsets.UTF_8));
    }

    @Test
    void serverStreamingDeliversEveryMessageAndTheOkStatus() {
        Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(with("stream", "stream"), STREAM, options(),
                "50:hello".getBytes(StandardCharsets.UTF_8));
        List<String> got = new ArrayList<>();
        it.forEachRemaining(b -> got.add(new String(b, StandardCharsets.UTF_8)));
        assertEquals(50, got.size());
        assertEquals("49:50:hello", got.get(49));
    }

    @Test
    void errorStatusAndTrailersArePreserved() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(with("stream", "stream"), FAIL, options(), new byte[] {1}));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("no such thing", e.getStatus().getDescription());
        assertEquals("abc-123", e.getTrailers().get(DETAIL));
    }

    @Test
    void blockedRequestGetsPermissionDeniedNamingTheEvent() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(with("hold", "pass"), UNARY, options(),
                        "x BLOCK-ME y".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(MarkerFilter.EVENT_ID), e.getStatus().toString());
    }

    @Test
    void heldResponseIsBlockedBeforeItsHeadersLeave() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(with("pass", "hold"), UNARY, options(),
                        "BLOCK-ME".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    }

    @Test
    void streamedResponseIsBlockedWithTheStatusInItsTrailers() {
        Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(with("pass", "stream"), STREAM, options(),
                "3:BLOCK-ME".getBytes(StandardCharsets.UTF_8));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> it.forEachRemaining(b -> { }));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    }

    @Test
    void unreachableUpstreamIsUnavailable() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (SidecarProxy p = SidecarProxy.start(ProxyTests.config("http://127.0.0.1:" + dead).build(), filter)) {
            ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", p.port(),
                    InsecureChannelCredentials.create()).build();
            try {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(ch, UNARY, options(), new byte[] {1}));
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Channel with(String requestMode, String responseMode) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-test-request", Metadata.ASCII_STRING_MARSHALLER), requestMode);
        headers.put(Metadata.Key.of("x-test-response", Metadata.ASCII_STRING_MARSHALLER), responseMode);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", name))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }
}
