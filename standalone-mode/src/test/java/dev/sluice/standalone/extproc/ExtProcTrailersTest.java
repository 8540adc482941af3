package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A response's trailers through ext_proc with Envoy's trailer mode {@code SEND} (the shipped
 * configuration): a gRPC call that fails after its message and prints a datasource URL in
 * {@code grpc-message} has it masked in the trailers' answer, in every body mode; trailers that
 * end a streamed body are decided and reported with it, in one event; a head whose body never
 * came is reported at the trailers; a policy that blocks response secrets resets the response
 * when its fail rule for limits is closed (the headers have left) and reports the block it could
 * not carry out otherwise.
 */
class ExtProcTrailersTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final String SECRET = "Vt8qLm2xRz5p";
    private static final String DB_URL = "postgres://app:" + SECRET + "@db.internal:5432/app";
    private static final String GRPC_MESSAGE = "connect to " + DB_URL + " failed";
    private static final byte[] EMPTY_GRPC_MESSAGE = {0, 0, 0, 0, 0};
    /**
     * {@code google.rpc.Status{code: 13, details: [Any{DebugInfo{detail: GRPC_MESSAGE}}]}} as gRPC
     * sends it in {@code grpc-status-details-bin}: base64 without padding.
     */
    private static final String STATUS_DETAILS = "CA0acAoodHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUucnBjLkRlYnVnSW5mbxJEEkJj"
            + "b25uZWN0IHRvIHBvc3RncmVzOi8vYXBwOlZ0OHFMbTJ4Uno1cEBkYi5pbnRlcm5hbDo1NDMyL2FwcCBmYWlsZWQ";
    private static ExtProcFixture fixture;
    private static ExtProcFixture blocking;
    private static ExtProcFixture blockingClosed;

    @BeforeAll
    static void start() throws Exception {
        fixture = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-trailers"),
                Files.readString(Path.of("..", "deploy", "policies", "default.yaml")));
        String blocks = Files.readString(ExtProcResponseHeadTest.BLOCK_RESPONSE_SECRETS);
        blocking = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-trailers-block"), blocks);
        blockingClosed = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-trailers-closed"),
                blocks.replace("defaults:\n", "defaults:\n  on_failure: closed\n"));
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(fixture, blocking, blockingClosed);
    }

    private static ExchangeResult run(ExtProcFixture through, BodyMode mode, HttpMessage request,
                                      HttpMessage response) {
        ExchangeResult r = through.envoy.run(EnvoyFilterConfig.both(mode).trailers(true), request, response);
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNull(r.grpcError(), "gRPC error");
        return r;
    }

    private static HttpMessage grpcCall(String method) {
        return HttpMessage.request("POST", "/shop.Orders/" + method, "application/grpc", List.of(EMPTY_GRPC_MESSAGE));
    }

    private static HttpMessage failedCall(byte[] message) {
        return HttpMessage.response(200, "application/grpc", List.of(message))
                .withTrailers(Map.of("grpc-status", "13", "grpc-message", GRPC_MESSAGE));
    }

    private static JsonNode responseEvent(ExtProcFixture through, String path) throws Exception {
        return through.awaitEvent(e -> e.path("path").asText().equals(path)
                && e.path("direction").asText().equals("response"));
    }

    @ParameterizedTest
    @EnumSource(BodyMode.class)
    void aSecretInGrpcMessageIsMaskedInTheTrailersAnswer(BodyMode mode) throws Exception {
        String method = "Fail" + mode;
        ExchangeResult r = run(fixture, mode, grpcCall(method), failedCall(EMPTY_GRPC_MESSAGE));
        assertNull(r.localReply());
        assertFalse(r.reset());
        assertEquals("connect to [REDACTED:basic_auth_url]/app failed", r.responseTrailers().get("grpc-message"),
                r.responseTrailers().toString());
        assertEquals("13", r.responseTrailers().get("grpc-status"));
        JsonNode event = responseEvent(fixture, "/shop.Orders/" + method);
        assertEquals(List.of("header:grpc-message"), event.path("findings").findValuesAsText("path"), event.toString());
        assertEquals("redact", event.path("findings").get(0).path("action").asText(), event.toString());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
        assertFalse(event.toString().contains(SECRET), "no raw value in the event: " + event);
    }

    @ParameterizedTest
    @EnumSource(value = BodyMode.class, names = {"BUFFERED", "STREAMED"})
    void aSecretInTheStatusDetailsRemovesThemFromTheTrailersAnswer(BodyMode mode) throws Exception {
        String method = "Details" + mode;
        HttpMessage failed = HttpMessage.response(200, "application/grpc", List.of(EMPTY_GRPC_MESSAGE))
                .withTrailers(Map.of("grpc-status", "13", "grpc-message", "internal",
                        "grpc-status-details-bin", STATUS_DETAILS));
        ExchangeResult r = run(fixture, mode, grpcCall(method), failed);
        assertNull(r.localReply());
        assertEquals(Map.of("grpc-status", "13", "grpc-message", "internal"), r.responseTrailers(),
                "the details are removed, the status and its message stay");
        JsonNode event = responseEvent(fixture, "/shop.Orders/" + method);
        assertEquals(List.of("header:grpc-status-details-bin.3.2.2"), event.path("findings").findValuesAsText("path"),
                event.toString());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
    }

    /**
     * An attack in a request's trailers, where a backend that merges trailers into headers reads
     * it: refused as one in its headers is, in every body mode (a request can be refused until
     * the response begins).
     */
    @ParameterizedTest
    @EnumSource(BodyMode.class)
    void anAttackInARequestsTrailersIsRefused(BodyMode mode) throws Exception {
        String path = "/orders/request-trailers/" + mode;
        HttpMessage request = HttpMessage.request("POST", path, "application/json", HttpMessage.split("{\"a\":1}", 4))
                .withTrailers(Map.of("x-note", "' OR '1'='1' --", "x-checksum", "abc"));
        ExchangeResult r = run(fixture, mode, request, HttpMessage.response(200, "application/json",
                List.of("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertNotNull(r.localReply(), "refused: " + r);
        assertEquals(403, r.localReply().status());
        JsonNode event = fixture.awaitEvent(e -> e.path("path").asText().equals(path)
                && e.path("direction").asText().equals("request"));
        assertEquals("detector:attack.sqli", event.path("reason").asText(), event.toString());
        assertEquals(List.of("header:x-note"), event.path("findings").findValuesAsText("path"), event.toString());
    }

    @Test
    void trailersThatEndAStreamedBodyAreDecidedWithItInOneEvent() throws Exception {
        HttpMessage response = HttpMessage.response(200, "application/json",
                        HttpMessage.split("{\"card\":\"4111111111111111\",\"ok\":true}", 12))
                .withTrailers(Map.of("x-debug-db", DB_URL, "x-checksum", "abc"));
        ExchangeResult r = run(fixture, BodyMode.STREAMED,
                HttpMessage.request("GET", "/orders/trailers", null, List.of()), response);
        assertNull(r.localReply());
        assertTrue(r.responseText().contains("\"************1111\""), r.responseText());
        assertEquals("[REDACTED:basic_auth_url]/app", r.responseTrailers().get("x-debug-db"));
        assertEquals("abc", r.responseTrailers().get("x-checksum"));
        JsonNode event = responseEvent(fixture, "/orders/trailers");
        assertEquals(List.of("$.card", "header:x-debug-db"), event.path("findings").findValuesAsText("path"),
                event.toString());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
        assertEquals(1, fixture.events().stream().filter(e -> e.path("path").asText().equals("/orders/trailers")
                && e.path("direction").asText().equals("response")).count(), "one event for the response");
    }

    @Test
    void aHeadWhoseBodyNeverCameIsReportedAtTheTrailers() throws Exception {
        HttpMessage response = HttpMessage.response(200, "application/json", List.of(new byte[0]))
                .withHeader("x-debug-db", DB_URL).withTrailers(Map.of("x-checksum", "abc"));
        ExchangeResult r = run(fixture, BodyMode.STREAMED,
                HttpMessage.request("GET", "/empty/trailers", null, List.of()), response);
        assertEquals("[REDACTED:basic_auth_url]/app", r.responseHeaders().get("x-debug-db"));
        assertEquals(Map.of("x-checksum", "abc"), r.responseTrailers());
        JsonNode event = responseEvent(fixture, "/empty/trailers");
        assertEquals(List.of("header:x-debug-db"), event.path("findings").findValuesAsText("path"), event.toString());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
    }

    @ParameterizedTest
    @EnumSource(value = BodyMode.class, names = {"BUFFERED", "BUFFERED_PARTIAL"})
    void aBlockAtTheTrailersIsACleanRefusalWhileEnvoyHoldsTheHeaders(BodyMode mode) throws Exception {
        // Envoy answers a held body first, sends the trailers, and lets the headers go only at their answer.
        String method = "Held" + mode;
        ExchangeResult r = run(blocking, mode, grpcCall(method), failedCall(EMPTY_GRPC_MESSAGE));
        assertNotNull(r.localReply(), "refused");
        assertEquals(Replies.GRPC_PERMISSION_DENIED, r.localReply().grpcStatus());
        JsonNode event = responseEvent(blocking, "/shop.Orders/" + method);
        assertEquals("blocked", event.path("delivery").asText(), event.toString());
        assertEquals("detector:basic_auth_url", event.path("reason").asText(), event.toString());
        assertFalse(event.toString().contains(SECRET), "no raw value in the event: " + event);
    }

    @Test
    void aBlockAtTheTrailersOfAStreamedBodyResetsWhenTheFailRuleIsClosed() throws Exception {
        ExchangeResult r = run(blockingClosed, BodyMode.STREAMED, grpcCall("Closed"), failedCall(EMPTY_GRPC_MESSAGE));
        assertTrue(r.reset(), "the response is reset: its headers have left");
        JsonNode event = responseEvent(blockingClosed, "/shop.Orders/Closed");
        assertEquals("reset", event.path("delivery").asText(), event.toString());
        assertEquals("block", event.path("action").asText(), event.toString());
    }

    @Test
    void aBlockAtTheTrailersOfAStreamedBodyThatCannotBeCarriedOutIsReported() throws Exception {
        ExchangeResult r = run(blocking, BodyMode.STREAMED, grpcCall("Open"), failedCall(EMPTY_GRPC_MESSAGE));
        assertNull(r.localReply());
        assertFalse(r.reset());
        assertEquals(GRPC_MESSAGE, r.responseTrailers().get("grpc-message"), "a block redacts nothing");
        JsonNode event = responseEvent(blocking, "/shop.Orders/Open");
        assertEquals("alert", event.path("action").asText(), event.toString());
        assertTrue(event.path("reason").asText().contains(ProcessingStream.NOTE_HEADERS_SENT), event.toString());
    }
}
