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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The response head through ext_proc, in every body mode: a secret in a header value is masked
 * in the headers' answer under the default policy, the session cookie a login sets passes, and
 * a policy that blocks response secrets answers 403 at the response headers instead of the
 * response. A card number in the query of an upload whose bytes are the image its label says is
 * reported, though its body is skipped.
 */
class ExtProcResponseHeadTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final String DB_URL = "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app";
    private static final String SESSION_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9"
            + ".kM3vQ8xT2nR7pL5wY1zA9cF4hJ6dS0eG3bN8uK2mV7o";
    /** Secrets in responses refused, heads included; the rest alerted. */
    static final Path BLOCK_RESPONSE_SECRETS = Path.of("src", "test", "resources", "policies",
            "block-response-secrets.yaml");
    private static ExtProcFixture fixture;
    private static ExtProcFixture blocking;

    @BeforeAll
    static void start() throws Exception {
        fixture = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-res-head"),
                Files.readString(Path.of("..", "deploy", "policies", "default.yaml")));
        blocking = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-res-head-block"), Files.readString(BLOCK_RESPONSE_SECRETS));
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(fixture, blocking);
    }

    private static ExchangeResult run(ExtProcFixture through, BodyMode mode, String path, HttpMessage response) {
        ExchangeResult r = through.envoy.run(EnvoyFilterConfig.both(mode),
                HttpMessage.request("GET", path, null, List.of()), response);
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNull(r.grpcError(), "gRPC error");
        return r;
    }

    private static HttpMessage debugResponse() {
        return ExtProcProtocolTest.okResponse("{\"ok\":true}").withHeader("x-debug-db", DB_URL);
    }

    @ParameterizedTest
    @EnumSource(BodyMode.class)
    void aSecretInAResponseHeaderIsMaskedInTheHeadersAnswer(BodyMode mode) throws Exception {
        String path = "/debug-" + mode;
        ExchangeResult r = run(fixture, mode, path, debugResponse());
        assertNull(r.localReply());
        assertEquals("[REDACTED:basic_auth_url]/app", r.responseHeaders().get("x-debug-db"), r.responseHeaders()
                .toString());
        JsonNode event = fixture.awaitEvent(e -> e.path("path").asText().equals(path)
                && e.path("direction").asText().equals("response"));
        JsonNode finding = event.path("findings").get(0);
        assertEquals("header:x-debug-db", finding.path("path").asText(), event.toString());
        assertEquals("redact", finding.path("action").asText(), event.toString());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
        assertFalse(event.toString().contains("Vt8qLm2xRz5p"), "no raw value in the event: " + event);
    }

    @Test
    void theSessionCookieALoginSetsPasses() {
        String cookie = "session=" + SESSION_JWT + "; Path=/; HttpOnly";
        ExchangeResult r = run(fixture, BodyMode.STREAMED, "/login",
                ExtProcProtocolTest.okResponse("{\"ok\":true}").withHeader("set-cookie", cookie));
        assertEquals(cookie, r.responseHeaders().get("set-cookie"));
        assertTrue(fixture.events().stream().noneMatch(e -> e.path("path").asText().equals("/login")),
                "nothing to report");
    }

    @ParameterizedTest
    @EnumSource(BodyMode.class)
    void aPolicyThatBlocksResponseSecretsRefusesAtTheResponseHeaders(BodyMode mode) throws Exception {
        String path = "/debug-block-" + mode;
        ExchangeResult r = run(blocking, mode, path, debugResponse());
        assertNotNull(r.localReply(), "refused");
        assertEquals(403, r.localReply().status());
        assertFalse(r.localReply().bodyText().contains("ok"), r.localReply().bodyText());
        JsonNode event = blocking.awaitEvent(e -> e.path("path").asText().equals(path));
        assertEquals("blocked", event.path("delivery").asText(), event.toString());
        assertEquals("detector:basic_auth_url", event.path("reason").asText(), event.toString());
    }

    @Test
    void aCardInTheQueryOfAnUploadThatIsAnImageIsReported() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        HttpMessage upload = HttpMessage.request("POST", "/avatars?card=4111111111111111", "image/png",
                List.of(png));
        ExchangeResult r = fixture.envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED), upload,
                ExtProcProtocolTest.okResponse("{\"ok\":true}"));
        assertNull(r.localReply());
        JsonNode event = fixture.awaitEvent(e -> e.path("path").asText().equals("/avatars")
                && e.path("direction").asText().equals("request"));
        assertEquals(List.of("query:card"), event.path("findings").findValuesAsText("path"), event.toString());
    }
}
