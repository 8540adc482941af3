package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Response headers that leak, through {@code sluice serve} over real sockets and curl, HTTP/1.1
 * and h2c. With the default policy a secret in a header is masked in the header itself, repeated
 * fields keep their order, personal data is reported and left, the session cookie a login sets
 * passes; under a policy that blocks response secrets the client gets the refusal instead of the
 * response. Findings of a head whose body is not inspected (an image, an upload that is one) are
 * still reported.
 */
class ResponseHeadServeTest {
    static final String DB_URL = "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app";
    static final String GITHUB_TOKEN = "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";
    static final String SESSION_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9"
            + ".kM3vQ8xT2nR7pL5wY1zA9cF4hJ6dS0eG3bN8uK2mV7o";
    static final byte[] PNG = pngWith("just pixels");

    /** Secrets in responses refused, heads included; the rest alerted. */
    static final Path BLOCK_RESPONSE_SECRETS = Path.of("src", "test", "resources", "policies",
            "block-response-secrets.yaml");
    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;
    private static ServeRuntime blocking;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ResponseHeadServeTest::answer);
        upstream.start();
        serve = ServeTests.serveDefault(upstream, dir.resolve("events.jsonl"));
        blocking = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.getAddress().getPort(),
                        dir.resolve("blocking.jsonl")).policyFile(BLOCK_RESPONSE_SECRETS).build(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        ServeTests.stop(blocking, () -> { });
        ServeTests.stop(serve, upstream);
    }

    private static void answer(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        var h = ex.getResponseHeaders();
        switch (ex.getRequestURI().getPath()) {
            case "/debug" -> h.add("X-Debug-Db", DB_URL);
            case "/repeat" -> {
                h.add("X-Trace", "first hop");
                h.add("X-Trace", "token=" + GITHUB_TOKEN + " at the gateway");
                h.add("X-Trace", "last hop");
            }
            case "/login" -> {
                h.add("Set-Cookie", "session=" + SESSION_JWT + "; Path=/; HttpOnly; Secure");
                h.add("Set-Cookie", "theme=dark; Path=/");
            }
            case "/owner" -> h.add("X-Owner-Email", "alice.nguyen@fastmail.com");
            case "/logo.png" -> {
                h.add("X-Cdn-Origin-Key", GITHUB_TOKEN);
                ServeTests.respond(ex, "image/png", PNG);
                return;
            }
            case "/gone" -> {
                h.add("X-Debug-Db", DB_URL);
                ex.sendResponseHeaders(204, -1);
                ex.close();
                return;
            }
            default -> h.add("X-Request-Id", "2c8e7f0e-6d4b-4a3c-9b2a-1f0e9d8c7b6a");
        }
        ServeTests.respondJson(ex, "{\"ok\":true}");
    }

    private static byte[] pngWith(String text) {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64 + t.length];
        System.arraycopy(magic, 0, out, 0, magic.length);
        System.arraycopy(t, 0, out, 32, t.length);
        return out;
    }

    private static ServeTests.Fetched fetch(ServeRuntime through, String path, boolean h2c) throws Exception {
        return h2c ? ServeTests.curl(dir, through, path, "--http2-prior-knowledge")
                : ServeTests.curl(dir, through, path);
    }

    private static JsonNode eventFor(String file, String path) throws InterruptedException {
        return ServeTests.awaitEvent(dir.resolve(file), e -> e.path("path").asText().equals(path)
                && e.path("direction").asText().equals("response"));
    }

    @ParameterizedTest(name = "h2c={0}")
    @ValueSource(booleans = {false, true})
    void aSecretInAResponseHeaderIsMaskedInTheHeader(boolean h2c) throws Exception {
        ServeTests.Fetched f = fetch(serve, "/debug", h2c);
        assertEquals(0, f.exit(), f.stderr());
        assertEquals("{\"ok\":true}", new String(f.body(), StandardCharsets.UTF_8));
        String header = f.header("x-debug-db");
        assertEquals("[REDACTED:basic_auth_url]/app", header, f.headers().toString());
        JsonNode event = eventFor("events.jsonl", "/debug");
        JsonNode finding = ServeTests.finding(event, "basic_auth_url");
        assertEquals("header:x-debug-db", finding.path("path").asText(), event.toString());
        assertEquals("redact", finding.path("action").asText(), event.toString());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
        assertFalse(event.toString().contains("Vt8qLm2xRz5p"), "no raw value in the event: " + event);
    }

    @ParameterizedTest(name = "h2c={0}")
    @ValueSource(booleans = {false, true})
    void repeatedFieldsKeepTheirOrderWhenOneIsMasked(boolean h2c) throws Exception {
        ServeTests.Fetched f = fetch(serve, "/repeat", h2c);
        assertEquals(0, f.exit(), f.stderr());
        assertEquals(List.of("first hop", "token=[REDACTED:github_token] at the gateway", "last hop"),
                f.headerValues("x-trace"), f.headers().toString());
    }

    @Test
    void theSessionCookieALoginSetsPassesAndIsNotReported() throws Exception {
        ServeTests.Fetched f = fetch(serve, "/login", false);
        assertEquals(0, f.exit(), f.stderr());
        assertEquals(List.of("session=" + SESSION_JWT + "; Path=/; HttpOnly; Secure", "theme=dark; Path=/"),
                f.headerValues("set-cookie"));
        assertTrue(ServeTests.events(dir.resolve("events.jsonl")).stream()
                .noneMatch(e -> e.path("path").asText().equals("/login")), "nothing to report");
    }

    @Test
    void personalDataInAHeaderIsReportedAndLeft() throws Exception {
        ServeTests.Fetched f = fetch(serve, "/owner", false);
        assertEquals("alice.nguyen@fastmail.com", f.header("x-owner-email"));
        JsonNode event = eventFor("events.jsonl", "/owner");
        assertEquals("header:x-owner-email", ServeTests.finding(event, "email").path("path").asText());
        assertEquals("alert", event.path("action").asText(), event.toString());
        assertEquals("forwarded", event.path("delivery").asText(), event.toString());
    }

    @Test
    void theHeadOfAnImageIsInspectedThoughItsBodyIsNot() throws Exception {
        ServeTests.Fetched f = fetch(serve, "/logo.png", false);
        assertEquals(0, f.exit(), f.stderr());
        assertEquals("[REDACTED:github_token]", f.header("x-cdn-origin-key"), f.headers().toString());
        assertEquals(PNG.length, f.body().length);
        JsonNode event = eventFor("events.jsonl", "/logo.png");
        assertEquals("header:x-cdn-origin-key", ServeTests.finding(event, "github_token").path("path").asText());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
    }

    @Test
    void theHeadOfABodilessResponseIsInspected() throws Exception {
        ServeTests.Fetched f = fetch(serve, "/gone", false);
        assertEquals(0, f.exit(), f.stderr());
        assertEquals("[REDACTED:basic_auth_url]/app", f.header("x-debug-db"), f.headers().toString());
        assertTrue(f.headers().getFirst().contains("204"), f.headers().toString());
        eventFor("events.jsonl", "/gone");
    }

    @ParameterizedTest(name = "h2c={0}")
    @ValueSource(booleans = {false, true})
    void aPolicyThatBlocksResponseSecretsRefusesTheResponseAtItsHead(boolean h2c) throws Exception {
        ServeTests.Fetched f = fetch(blocking, "/debug", h2c);
        assertEquals(0, f.exit(), f.stderr());
        assertTrue(f.headers().getFirst().contains("403"), f.headers().toString());
        assertEquals(null, f.header("x-debug-db"), f.headers().toString());
        String body = new String(f.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"blocked\"") && !body.contains("ok"), body);
        JsonNode event = eventFor("blocking.jsonl", "/debug");
        assertEquals("blocked", event.path("delivery").asText(), event.toString());
        assertEquals("detector:basic_auth_url", event.path("reason").asText(), event.toString());
    }

    @Test
    void everydayResponseHeadersPassUnreported() throws Exception {
        ServeTests.Fetched f = fetch(serve, "/plain", false);
        assertEquals("2c8e7f0e-6d4b-4a3c-9b2a-1f0e9d8c7b6a", f.header("x-request-id"));
        assertTrue(ServeTests.events(dir.resolve("events.jsonl")).stream()
                .noneMatch(e -> e.path("path").asText().equals("/plain")), "nothing to report");
    }

    /**
     * An upload whose bytes are the image its label says passes uninspected from its first
     * chunk; a card number in its URL is still reported.
     */
    @Test
    void theHeadOfAnUploadThatPassesOnItsLabelIsReported() throws Exception {
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + serve.proxyPort() + "/avatars?card=4111111111111111"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"), e -> e.path("path").asText()
                .equals("/avatars") && e.path("direction").asText().equals("request"));
        assertEquals("query:card", ServeTests.finding(event, "credit_card").path("path").asText(), event.toString());
    }
}
