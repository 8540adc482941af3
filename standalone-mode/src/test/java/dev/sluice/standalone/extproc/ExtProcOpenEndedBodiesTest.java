package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies with no end in sight under a body mode that holds a body until its end: Sluice asks
 * Envoy to stream them ({@code mode_override}), or their messages would wait for the stream's end
 * (for ever, in a bidirectional call) or Envoy's buffer. Server-sent events are known by their
 * type, a gRPC method's streams by the service's schema; a unary method's messages stay held, so
 * a block of its answer is still a clean {@code PERMISSION_DENIED}.
 */
class ExtProcOpenEndedBodiesTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    static final String EMAIL = "jane.doe@fastmail.com";
    private static ExtProcFixture redacting;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(tempRoot, "extproc-open-ended");
        Path set = dir.resolve("feed.pb");
        Files.write(set, feedDescriptors().toByteArray());
        redacting = ExtProcFixture.start(dir, ExtProcFixture.policy("redact", "open"),
                c -> c.descriptorSets(List.of(set)), UnaryOperator.identity());
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(redacting);
    }

    /** {@code demo.Feed}: {@code Watch} streams {@code Event}s, {@code Chat} both ways, {@code Get} answers one. */
    static FileDescriptorSet feedDescriptors() {
        FieldDescriptorProto.Builder text = FieldDescriptorProto.newBuilder().setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        return FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder().setName("demo/feed.proto")
                .setPackage("demo").setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName("Ping").addField(text.clone().setName("note")))
                .addMessageType(DescriptorProto.newBuilder().setName("Event").addField(text.clone().setName("email")))
                .addService(ServiceDescriptorProto.newBuilder().setName("Feed")
                        .addMethod(MethodDescriptorProto.newBuilder().setName("Watch").setInputType(".demo.Ping")
                                .setOutputType(".demo.Event").setServerStreaming(true))
                        .addMethod(MethodDescriptorProto.newBuilder().setName("Chat").setInputType(".demo.Ping")
                                .setOutputType(".demo.Event").setClientStreaming(true).setServerStreaming(true))
                        .addMethod(MethodDescriptorProto.newBuilder().setName("Get").setInputType(".demo.Ping")
                                .setOutputType(".demo.Event")))).build();
    }

    /** One uncompressed gRPC message: field 1 holding {@code text}. */
    static byte[] grpcMessage(String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = 2 + value.length;
        out.writeBytes(new byte[] {0, 0, 0, 0, (byte) length, 0x0A, (byte) value.length});
        out.writeBytes(value);
        return out.toByteArray();
    }

    static HttpMessage grpcCall(String method) {
        return HttpMessage.request("POST", "/demo.Feed/" + method, "application/grpc", List.of(grpcMessage("hi")))
                .withHeader("te", "trailers");
    }

    /** A feed's request and answer: known by the answer's type, or by the request (a Kubernetes watch). */
    record Feed(HttpMessage request, String contentType, String first, String second) {
        @Override
        public String toString() {
            return contentType;
        }
    }

    static Stream<Arguments> feeds() {
        HttpMessage post = ExtProcProtocolTest.jsonRequest("{}");
        HttpMessage watch = HttpMessage.request("GET", "/api/v1/namespaces/shop/secrets?watch=1", null, List.of());
        List<Feed> feeds = List.of(
                new Feed(post, "text/event-stream", "data: {\"n\":1}\n\n",
                        "data: {\"n\":2,\"email\":\"" + EMAIL + "\"}\n\n"),
                new Feed(post, "application/x-ndjson", "{\"n\":1,\"done\":false}\n",
                        "{\"n\":2,\"email\":\"" + EMAIL + "\",\"done\":true}\n"),
                new Feed(watch, "application/json", "{\"type\":\"ADDED\",\"object\":{\"n\":1}}\n",
                        "{\"type\":\"MODIFIED\",\"object\":{\"email\":\"" + EMAIL + "\"}}\n"));
        return Stream.of(BodyMode.BUFFERED, BodyMode.BUFFERED_PARTIAL)
                .flatMap(mode -> feeds.stream().map(feed -> Arguments.of(mode, feed)));
    }

    @ParameterizedTest
    @MethodSource("feeds")
    void feedsAreStreamedAndRedactedPieceByPiece(BodyMode mode, Feed feed) {
        HttpMessage answer = HttpMessage.response(200, feed.contentType(),
                List.of(feed.first().getBytes(StandardCharsets.UTF_8), feed.second().getBytes(StandardCharsets.UTF_8)));
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(mode), feed.request(), answer);
        assertEquals(List.of(), r.spurious());
        assertNotNull(r.modeOverride(), "Sluice asks Envoy to stream the feed");
        assertEquals(ProcessingMode.BodySendMode.STREAMED, r.modeOverride().getResponseBodyMode());
        assertEquals(mode.proto(), r.modeOverride().getRequestBodyMode(), "the request's mode is left alone");
        assertNull(r.localReply());
        String out = r.responseText();
        assertTrue(out.startsWith(feed.first()), out);
        assertFalse(out.contains(EMAIL), out);
        assertTrue(out.contains("\"email\":\"[REDACTED"), out);
    }

    /**
     * A feed's answer that declares a length Sluice would hold (an NDJSON export) has its end in
     * sight: no override, so Envoy buffers it as the route's mode says and a block of it would be a
     * clean local reply rather than a reset after its first lines.
     */
    @ParameterizedTest
    @MethodSource("feeds")
    void aFeedOfDeclaredLengthStaysHeld(BodyMode mode, Feed feed) {
        String body = feed.first() + feed.second();
        HttpMessage answer = HttpMessage.response(200, feed.contentType(), HttpMessage.whole(body))
                .withHeader("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(mode), feed.request(), answer);
        assertEquals(List.of(), r.spurious());
        assertNull(r.modeOverride(), "held as the mode says");
        assertFalse(r.responseText().contains(EMAIL), r.responseText());
        assertTrue(r.responseText().contains("\"email\":\"[REDACTED"), r.responseText());
    }

    /** A single JSON document, asked for without watch: held whole, as every body on this route. */
    @Test
    void aPlainJsonAnswerStaysHeld() {
        HttpMessage list = HttpMessage.request("GET", "/api/v1/namespaces/shop/secrets?watch=false", null, List.of());
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED), list,
                HttpMessage.response(200, "application/json", HttpMessage.whole("{\"email\":\"" + EMAIL + "\"}")));
        assertNull(r.modeOverride(), "nothing to override");
        assertFalse(r.responseText().contains(EMAIL), r.responseText());
    }

    @Test
    void aServerStreamingMethodsAnswerIsStreamed() {
        HttpMessage answer = HttpMessage.response(200, "application/grpc", List.of(grpcMessage("first"),
                grpcMessage(EMAIL))).withTrailers(java.util.Map.of("grpc-status", "0"));
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED_PARTIAL).trailers(true),
                grpcCall("Watch"), answer);
        assertEquals(List.of(), r.spurious());
        assertNotNull(r.modeOverride(), "Sluice asks Envoy to stream the method's answers");
        assertEquals(ProcessingMode.BodySendMode.STREAMED, r.modeOverride().getResponseBodyMode());
        assertFalse(new String(r.responseBody(), StandardCharsets.ISO_8859_1).contains(EMAIL));
    }

    /** A bidirectional call: its requests are streamed too (its answers are, as a server stream's). */
    @Test
    void aBidirectionalCallIsStreamedBothWays() {
        HttpMessage answer = HttpMessage.response(200, "application/grpc", List.of(grpcMessage("echo")))
                .withTrailers(java.util.Map.of("grpc-status", "0"));
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED).trailers(true),
                grpcCall("Chat"), answer);
        assertEquals(List.of(), r.spurious());
        assertNotNull(r.modeOverride(), "Sluice asks Envoy to stream the call's requests");
        assertEquals(ProcessingMode.BodySendMode.STREAMED, r.modeOverride().getRequestBodyMode());
    }

    /**
     * A method Sluice has no schema for: its requests are streamed (a bidirectional call must not
     * wait on them, and a streamed request's refusal is still clean), its answers stay held (a
     * clean PERMISSION_DENIED).
     */
    @Test
    void withoutASchemaRequestsStreamAndAnswersStayHeld() {
        HttpMessage call = HttpMessage.request("POST", "/other.Unknown/Chat", "application/grpc",
                List.of(grpcMessage("hi"))).withHeader("te", "trailers");
        HttpMessage answer = HttpMessage.response(200, "application/grpc", List.of(grpcMessage(EMAIL)))
                .withTrailers(java.util.Map.of("grpc-status", "0"));
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED).trailers(true), call, answer);
        assertEquals(List.of(), r.spurious());
        assertNotNull(r.modeOverride(), "the requests are streamed");
        assertEquals(ProcessingMode.BodySendMode.STREAMED, r.modeOverride().getRequestBodyMode());
        assertEquals(ProcessingMode.BodySendMode.BUFFERED, r.modeOverride().getResponseBodyMode(), "the answer held");
        assertFalse(new String(r.responseBody(), StandardCharsets.ISO_8859_1).contains(EMAIL));
    }

    /**
     * A bidirectional call Sluice has no schema for: its service answers while the requests still
     * flow, which a unary or server-streaming call's service cannot do (Envoy forwards a streamed
     * request's messages only as Sluice answers them). So the answer is streamed too; held, it
     * would wait for requests that the client sends only after reading it. Each answer is
     * released, redacted, before the requests end.
     */
    @Test
    void withoutASchemaAnAnswerBegunWhileRequestsFlowIsStreamed() throws Exception {
        EnvoySide.RawStream s = redacting.envoy.raw();
        HttpHeaders call = HttpHeaders.newBuilder().setHeaders(EnvoySide.headerMap(java.util.Map.of(
                ":method", "POST", ":path", "/other.Unknown/Chat", "content-type", "application/grpc",
                "te", "trailers"))).build();
        s.send(ProcessingRequest.newBuilder().setRequestHeaders(call).setProtocolConfig(
                ProtocolConfiguration.newBuilder().setRequestBodyMode(BodyMode.BUFFERED.proto())
                        .setResponseBodyMode(BodyMode.BUFFERED.proto())).build());
        ProcessingResponse headers = answer(s);
        assertEquals(ProcessingMode.BodySendMode.STREAMED, headers.getModeOverride().getRequestBodyMode());
        assertEquals(ProcessingMode.BodySendMode.BUFFERED, headers.getModeOverride().getResponseBodyMode());
        s.send(body(true, grpcMessage("hi"), false));
        assertTrue(answer(s).hasRequestBody(), "the first request goes on");

        s.send(ProcessingRequest.newBuilder().setResponseHeaders(HttpHeaders.newBuilder().setHeaders(
                EnvoySide.headerMap(java.util.Map.of(":status", "200", "content-type", "application/grpc")))).build());
        ProcessingResponse answerHeaders = answer(s);
        assertTrue(answerHeaders.hasModeOverride(), answerHeaders.toString());
        assertEquals(ProcessingMode.BodySendMode.STREAMED, answerHeaders.getModeOverride().getResponseBodyMode(),
                "the answer streams");
        s.send(body(false, grpcMessage(EMAIL), false));
        ProcessingResponse first = answer(s);
        assertTrue(first.hasResponseBody(), first.toString());
        String released = first.getResponseBody().getResponse().getBodyMutation().getBody()
                .toString(StandardCharsets.ISO_8859_1);
        assertFalse(released.contains(EMAIL), released);
        assertTrue(released.contains("[REDACTED"), released);
        s.toServer.onCompleted();
    }

    private static ProcessingRequest body(boolean request, byte[] chunk, boolean eos) {
        HttpBody b = HttpBody.newBuilder().setBody(ByteString.copyFrom(chunk)).setEndOfStream(eos).build();
        return request ? ProcessingRequest.newBuilder().setRequestBody(b).build()
                : ProcessingRequest.newBuilder().setResponseBody(b).build();
    }

    /** The server's next answer, within 5 s. */
    private static ProcessingResponse answer(EnvoySide.RawStream s) throws InterruptedException {
        Object o = s.next(5000);
        assertInstanceOf(ProcessingResponse.class, o, "an answer, not " + o);
        return (ProcessingResponse) o;
    }

    @Test
    void aUnaryMethodsAnswerStaysHeld() {
        HttpMessage answer = HttpMessage.response(200, "application/grpc", List.of(grpcMessage(EMAIL)))
                .withTrailers(java.util.Map.of("grpc-status", "0"));
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED_PARTIAL).trailers(true),
                grpcCall("Get"), answer);
        assertEquals(List.of(), r.spurious());
        assertNull(r.modeOverride(), "a unary answer ends: held, it can still be refused cleanly");
        assertFalse(new String(r.responseBody(), StandardCharsets.ISO_8859_1).contains(EMAIL));
    }

    @Test
    void aModeThatStreamsAlreadyIsLeftAlone() {
        HttpMessage events = HttpMessage.response(200, "text/event-stream", HttpMessage.whole("data: 1\n\n"));
        ExchangeResult r = redacting.envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED),
                ExtProcProtocolTest.jsonRequest("{}"), events);
        assertEquals(List.of(), r.spurious());
        assertNull(r.modeOverride());
        assertEquals("data: 1\n\n", r.responseText());
    }
}
