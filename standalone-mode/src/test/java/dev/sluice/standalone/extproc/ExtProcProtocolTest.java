package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpTrailers;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol's edges: headers-only and observability modes, mode overrides, trailers, gRPC
 * blocks, identity from Envoy's attributes, Envoys without {@code protocol_config}, and bad
 * input — messages out of order, an empty message, an unknown body mode, a stream that never
 * ends, a chunk over the size limit — each ending in a clean close (fail open) or a gRPC error
 * (fail closed), never a hung stream.
 */
class ExtProcProtocolTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    static final String EMAIL_BODY = ExtProcMatrixTest.BODY;
    private static ExtProcFixture open;
    private static ExtProcFixture closed;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(tempRoot, "extproc-protocol");
        UnaryOperatorSettings tune = s -> s.withIdleTimeout(Duration.ofMillis(400)).withMaxMessageBytes(256 * 1024);
        open = ExtProcFixture.start(Files.createDirectories(dir.resolve("open")),
                ExtProcFixture.policy("block", "open"), tune::apply);
        closed = ExtProcFixture.start(Files.createDirectories(dir.resolve("closed")),
                ExtProcFixture.policy("block", "closed"), tune::apply);
    }

    interface UnaryOperatorSettings {
        ExtProcSettings apply(ExtProcSettings s);
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(open, closed);
    }

    static HttpMessage jsonRequest(String body) {
        return HttpMessage.request("POST", "/orders", "application/json", HttpMessage.whole(body));
    }

    static HttpMessage okResponse(String body) {
        return HttpMessage.response(200, "application/json", HttpMessage.whole(body));
    }

    @Test
    void headersOnlyModeAnswersEachHeadersMessageAndPassesBodies() {
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(BodyMode.NONE), jsonRequest(EMAIL_BODY),
                okResponse(EMAIL_BODY));
        assertEquals(List.of(), r.spurious());
        assertFalse(r.timedOut());
        assertNull(r.localReply());
        assertEquals(EMAIL_BODY, r.requestText());
        assertEquals(EMAIL_BODY, r.responseText());
    }

    @Test
    void observabilityModeNeverAnswersButStillReports() throws Exception {
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED).observe(),
                jsonRequest(EMAIL_BODY), okResponse("{}"));
        assertEquals(List.of(), r.spurious(), "observability mode: no answers at all");
        assertNull(r.localReply());
        // The policy blocks, but nothing can be blocked without answers: the event says so.
        open.awaitEvent(e -> e.path("direction").asText().equals("request") && e.path("path").asText()
                .equals("/orders") && e.path("action").asText().equals("alert")
                && e.path("reason").asText().contains(ProcessingStream.NOTE_OBSERVABILITY));
    }

    @Test
    void uninspectedMediaIsSkippedWithAModeOverride() {
        HttpMessage response = HttpMessage.response(200, "image/png", HttpMessage.whole("\u0089PNG" + EMAIL_BODY));
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED), jsonRequest("{}"), response);
        assertEquals(List.of(), r.spurious());
        assertNotNull(r.modeOverride(), "Sluice asks Envoy not to send the image");
        assertEquals(ProcessingMode.BodySendMode.NONE, r.modeOverride().getResponseBodyMode());
        assertEquals(ProcessingMode.BodySendMode.BUFFERED, r.modeOverride().getRequestBodyMode());
        assertNull(r.localReply());
        assertTrue(r.responseText().endsWith(EMAIL_BODY));
    }

    /** A PNG's signature, then the same JSON with its e-mail address. */
    static byte[] pngWithEmail() {
        byte[] json = EMAIL_BODY.getBytes(StandardCharsets.UTF_8);
        byte[] png = new byte[8 + json.length];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
        System.arraycopy(json, 0, png, 8, json.length);
        return png;
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMED", "BUFFERED", "BUFFERED_PARTIAL", "FULL_DUPLEX_STREAMED"})
    void aRequestLabelledAsAnImageIsReadWhenItsBytesAreNot(String modeName) {
        // A service that decodes its body whatever the label (Go's json.NewDecoder(r.Body)) would read this.
        HttpMessage request = HttpMessage.request("POST", "/orders", "image/png", HttpMessage.split(EMAIL_BODY, 20));
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(BodyMode.valueOf(modeName)), request, okResponse("{}"));
        assertEquals(List.of(), r.spurious());
        assertNotNull(r.localReply(), "the JSON labelled image/png is inspected and blocked: " + r);
        assertEquals(403, r.localReply().status());
        assertFalse(r.requestText() != null && r.requestText().contains(ExtProcMatrixTest.EMAIL),
                "the address never reaches the service: " + r.requestText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMED", "BUFFERED", "BUFFERED_PARTIAL", "FULL_DUPLEX_STREAMED"})
    void aRealImageUploadGoesOnAsSent(String modeName) {
        BodyMode mode = BodyMode.valueOf(modeName);
        byte[] png = pngWithEmail();
        List<byte[]> chunks = List.of(java.util.Arrays.copyOf(png, 40), java.util.Arrays.copyOfRange(png, 40, png.length));
        HttpMessage request = HttpMessage.request("POST", "/avatar", "image/png", chunks);
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(mode), request, okResponse("{}"));
        assertEquals(List.of(), r.spurious());
        assertNull(r.localReply(), "an image that is one passes: " + r);
        assertArrayEquals(png, r.requestBody());
        if (mode.holdsHeaders()) {
            assertNotNull(r.modeOverride(), "Sluice asks Envoy to stream the upload, not hold it whole");
            assertEquals(ProcessingMode.BodySendMode.STREAMED, r.modeOverride().getRequestBodyMode());
            assertEquals(mode.proto(), r.modeOverride().getResponseBodyMode());
        } else {
            assertNull(r.modeOverride());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMED", "FULL_DUPLEX_STREAMED", "BUFFERED"})
    void trailersEndTheBody(String modeName) {
        BodyMode mode = BodyMode.valueOf(modeName);
        HttpMessage response = HttpMessage.response(200, "application/json", HttpMessage.split("{\"a\":1,\"b\":2}", 4))
                .withTrailers(Map.of("x-checksum", "abc"));
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(mode).trailers(true), jsonRequest("{}"), response);
        assertEquals(List.of(), r.spurious());
        assertFalse(r.timedOut());
        assertNull(r.grpcError());
        assertEquals("{\"a\":1,\"b\":2}", r.responseText());
    }

    @Test
    void grpcRequestsAreBlockedWithPermissionDenied() throws Exception {
        byte[] message = ("\n\u0019" + "alice.smith@acme-mail.com").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[5 + message.length];
        frame[4] = (byte) message.length;
        System.arraycopy(message, 0, frame, 5, message.length);
        HttpMessage request = HttpMessage.request("POST", "/shop.Orders/Create", "application/grpc", List.of(frame))
                .withHeader("te", "trailers");
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED), request, okResponse("{}"));
        assertNotNull(r.localReply(), "blocked: " + r);
        assertEquals(Replies.GRPC_PERMISSION_DENIED, r.localReply().grpcStatus());
        String status = r.localReply().bodyText();
        assertTrue(status.startsWith("blocked by policy, event "), "as sluice serve words it: " + status);
        open.awaitEvent(e -> e.path("exchangeId").asText().equals(status.substring("blocked by policy, event ".length())));
    }

    @Test
    void identityComesFromEnvoysAttributesAndIstioMetadata() throws Exception {
        ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED), jsonRequest(EMAIL_BODY),
                okResponse("{}"), Map.of(PeerAttributes.SOURCE_ADDRESS, "10.1.2.3:5555",
                        PeerAttributes.PEER_URI_SAN, "spiffe://cluster.local/ns/shop/sa/checkout"), null);
        String id = r.sluiceText("request", "event_id");
        assertEquals("checkout.shop", open.awaitEvent(e -> e.path("exchangeId").asText().equals(id))
                .path("sourceService").asText());
        Metadata istio = Metadata.newBuilder().putFilterMetadata(PeerAttributes.ISTIO_AUTHN, Struct.newBuilder()
                .putFields(PeerAttributes.SOURCE_PRINCIPAL, Value.newBuilder()
                        .setStringValue("cluster.local/ns/shop/sa/cart").build()).build()).build();
        ExchangeResult r2 = open.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED), jsonRequest(EMAIL_BODY),
                okResponse("{}"), Map.of(), istio);
        String id2 = r2.sluiceText("request", "event_id");
        assertEquals("cart.shop", open.awaitEvent(e -> e.path("exchangeId").asText().equals(id2))
                .path("sourceService").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMED", "BUFFERED"})
    void envoysWithoutProtocolConfigAreAnsweredPerMessage(String modeName) {
        EnvoyFilterConfig cfg = EnvoyFilterConfig.both(BodyMode.valueOf(modeName)).withoutProtocolConfig();
        ExchangeResult r = open.envoy.run(cfg, jsonRequest("{\"x\":1}"), okResponse("{\"y\":2}"));
        assertEquals(List.of(), r.spurious());
        assertEquals("{\"y\":2}", r.responseText());
        ExchangeResult blocked = open.envoy.run(cfg, jsonRequest(EMAIL_BODY), okResponse("{}"));
        assertEquals(403, blocked.localReply().status());
    }

    @Test
    void aResponseBlockAfterItsHeadersLeftResetsWhenTheFailRuleIsClosed() throws Exception {
        ExchangeResult r = closed.envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED), jsonRequest("{}"),
                okResponse(EMAIL_BODY));
        assertTrue(r.reset(), "headers gone, fail closed: the response is reset");
        closed.awaitEvent(e -> e.path("action").asText().equals("block")
                && e.path("reason").asText().contains(ProcessingStream.NOTE_HEADERS_SENT));
    }

    // ---- bad input ----

    static ProcessingRequest headers(boolean request, boolean eos) {
        HttpHeaders h = HttpHeaders.newBuilder().setHeaders(EnvoySide.headerMap(request
                ? Map.of(":method", "POST", ":path", "/orders", "content-type", "application/json")
                : Map.of(":status", "200", "content-type", "application/json"))).setEndOfStream(eos).build();
        return request ? ProcessingRequest.newBuilder().setRequestHeaders(h).build()
                : ProcessingRequest.newBuilder().setResponseHeaders(h).build();
    }

    static ProcessingRequest body(boolean request, String text, boolean eos) {
        HttpBody b = HttpBody.newBuilder().setBody(ByteString.copyFromUtf8(text)).setEndOfStream(eos).build();
        return request ? ProcessingRequest.newBuilder().setRequestBody(b).build()
                : ProcessingRequest.newBuilder().setResponseBody(b).build();
    }

    /** Sends {@code script}; returns what ends the stream (COMPLETED or a Status), skipping answers. */
    static Object endOf(ExtProcFixture f, List<ProcessingRequest> script, long waitMillis) throws Exception {
        EnvoySide.RawStream s = f.envoy.raw();
        for (ProcessingRequest r : script) {
            s.send(r);
        }
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            Object o = s.next(Math.max(1, deadline - System.currentTimeMillis()));
            if (o == EnvoySide.RawStream.COMPLETED || o instanceof Status) {
                return o;
            }
        }
        s.toServer.onCompleted();
        return null;
    }

    static void assertEnded(ExtProcFixture f, List<ProcessingRequest> script, Status.Code closedCode) throws Exception {
        Object end = endOf(f, script, 5000);
        assertNotNull(end, "the stream must end, not hang");
        if (f == open) {
            assertSame(EnvoySide.RawStream.COMPLETED, end, "fail open: a clean close, Envoy carries on");
        } else {
            assertInstanceOf(Status.class, end);
            assertEquals(closedCode, ((Status) end).getCode());
        }
    }

    @Test
    void bodyBeforeHeaders() throws Exception {
        for (ExtProcFixture f : List.of(open, closed)) {
            assertEnded(f, List.of(body(true, "{}", true)), Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void headersTwice() throws Exception {
        for (ExtProcFixture f : List.of(open, closed)) {
            assertEnded(f, List.of(headers(true, false), headers(true, false)), Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void bodyAfterEndOfStream() throws Exception {
        for (ExtProcFixture f : List.of(open, closed)) {
            assertEnded(f, List.of(headers(true, false), body(true, "{}", true), body(true, "{}", true)),
                    Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void trailersAfterEndOfStream() throws Exception {
        ProcessingRequest trailers = ProcessingRequest.newBuilder().setRequestTrailers(HttpTrailers.getDefaultInstance())
                .build();
        for (ExtProcFixture f : List.of(open, closed)) {
            assertEnded(f, List.of(headers(true, true), trailers), Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void emptyMessage() throws Exception {
        for (ExtProcFixture f : List.of(open, closed)) {
            assertEnded(f, List.of(ProcessingRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void unknownBodyMode() throws Exception {
        ProcessingRequest first = headers(true, false).toBuilder().setProtocolConfig(ProtocolConfiguration.newBuilder()
                .setRequestBodyModeValue(5).setResponseBodyModeValue(1)).build();
        for (ExtProcFixture f : List.of(open, closed)) {
            assertEnded(f, List.of(first), Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void aStreamThatNeverEndsIsEndedAfterTheIdleTimeout() throws Exception {
        for (ExtProcFixture f : List.of(open, closed)) {
            long t0 = System.nanoTime();
            assertEnded(f, List.of(headers(true, false), body(true, "{\"half\":", false)),
                    Status.Code.DEADLINE_EXCEEDED);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos());
        }
    }

    /**
     * After a block Sluice is done and Envoy closes the stream; a client that does not is closed
     * by Sluice an idle timeout later, so no client can hold finished streams open (found by
     * {@link RandomMessageSequenceTest}).
     */
    @Test
    void aStreamSluiceIsDoneWithIsClosedIfEnvoyLeavesItOpen() throws Exception {
        for (ExtProcFixture f : List.of(open, closed)) {
            long t0 = System.nanoTime();
            Object end = endOf(f, List.of(headers(true, false), body(true, EMAIL_BODY, true)), 4000);
            assertSame(EnvoySide.RawStream.COMPLETED, end, "blocked, then closed cleanly: " + end);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(3).toNanos());
        }
    }

    @Test
    void aHugeSingleChunkFailsTheStreamWithoutReadingIt() throws Exception {
        String huge = "x".repeat(1 << 20);
        Object end = endOf(open, List.of(headers(true, false), body(true, huge, true)), 5000);
        assertInstanceOf(Status.class, end, "a message over the limit fails the stream: " + end);
        // The server refuses it with RESOURCE_EXHAUSTED; the client side sees its stream reset (CANCELLED).
        assertTrue(List.of(Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED).contains(((Status) end).getCode()),
                end.toString());
    }

    @Test
    void aServerThatAnswersNothingIsAMessageTimeoutForTheHarness() throws Exception {
        // The harness itself: an Envoy waits message_timeout for each answer, then fails the exchange.
        try (var silent = new SilentServer()) {
            EnvoySide envoy = new EnvoySide(silent.port());
            ExchangeResult r = envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED)
                    .messageTimeout(Duration.ofMillis(200)), jsonRequest("{}"), okResponse("{}"));
            envoy.close();
            assertTrue(r.timedOut());
            assertEquals(500, r.localReply().status());
        }
    }

    @Test
    void aSecondAnswerToOneMessageIsSpuriousForTheHarness() throws Exception {
        try (var chatty = new SilentServer(2)) {
            EnvoySide envoy = new EnvoySide(chatty.port());
            ExchangeResult r = envoy.run(EnvoyFilterConfig.both(BodyMode.NONE), jsonRequest("{}"), okResponse("{}"));
            envoy.close();
            assertFalse(r.spurious().isEmpty(), "two answers to one message: " + r);
        }
    }

    /** A test ext_proc server answering each headers message {@code answers} times (0: never). */
    static final class SilentServer implements AutoCloseable {
        private final io.grpc.Server server;

        SilentServer() throws Exception {
            this(0);
        }

        SilentServer(int answers) throws Exception {
            server = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                    new java.net.InetSocketAddress("127.0.0.1", 0)).addService(
                    new io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc.ExternalProcessorImplBase() {
                        @Override
                        public io.grpc.stub.StreamObserver<ProcessingRequest> process(
                                io.grpc.stub.StreamObserver<ProcessingResponse> out) {
                            return new io.grpc.stub.StreamObserver<>() {
                                @Override
                                public void onNext(ProcessingRequest r) {
                                    for (int i = 0; i < answers; i++) {
                                        out.onNext(r.hasRequestHeaders() ? Replies.headers(
                                                dev.sluice.matchers.Direction.REQUEST, null, null)
                                                : Replies.headers(dev.sluice.matchers.Direction.RESPONSE, null, null));
                                    }
                                }

                                @Override
                                public void onError(Throwable t) {
                                }

                                @Override
                                public void onCompleted() {
                                    out.onCompleted();
                                }
                            };
                        }
                    }).build().start();
        }

        int port() {
            return server.getPort();
        }

        @Override
        public void close() throws Exception {
            server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
