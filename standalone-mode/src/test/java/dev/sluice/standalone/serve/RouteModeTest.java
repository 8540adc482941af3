package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route with {@code mode: detect} in an enforced policy, through {@code sluice serve}: its
 * attacks reach the upstream and its responses leave as they came, each reported with what
 * enforce would have done, while the other routes are enforced; and the reverse, one route
 * enforced in a policy that only watches.
 */
class RouteModeTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String DB_URL = "postgres://app:S3cr3t-pw-77@db.internal:5432/app";
    private static final String SQLI = "{\"q\":\"0 UNION SELECT username, password FROM users--\"}";

    @TempDir
    Path dir;
    private HttpServer upstream;
    private ServeRuntime serve;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Path events;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = ServeTests.jsonUpstream(received, "{\"card\":\"" + CARD + "\"}", Map.of("X-Debug-Db", DB_URL));
        events = dir.resolve("events.jsonl");
    }

    private void serve(String policyMode, String betaMode) throws Exception {
        serve = ServeTests.serveWithPolicy(upstream, dir, """
                version: 1
                mode: %s
                defaults:
                  request:
                    attack: block
                  response:
                    credit_card: {action: redact, mask: keep_last_4}
                    secret: block
                routes:
                  - name: beta
                    match: {path: /beta/**}
                    mode: %s
                """.formatted(policyMode, betaMode));
    }

    @AfterEach
    void stop() {
        ServeTests.stop(serve, upstream);
    }

    private String proxy(String path) {
        return ServeTests.proxyUrl(serve, path);
    }

    private HttpResponse<byte[]> post(String path, String body) throws Exception {
        return ServeTests.postJson(proxy(path), body);
    }

    private JsonNode event(String method, String path, String direction) throws InterruptedException {
        return ServeTests.awaitEvent(events, e -> e.path("method").asText().equals(method)
                && e.path("path").asText().equals(path) && e.path("direction").asText().equals(direction));
    }

    @Test
    void aRouteInDetectModeIsWatchedWhileTheRestIsEnforced() throws Exception {
        serve("enforce", "detect");

        assertEquals(200, post("/beta/search", SQLI).statusCode(), "the attack is reported, not refused");
        assertTrue(received.contains("POST /beta/search"));
        JsonNode attack = event("POST", "/beta/search", "request");
        assertEquals("detect", attack.path("mode").asText());
        assertEquals("block", attack.path("action").asText(), "what enforce would have done");
        JsonNode sqli = attack.path("findings").get(0);
        assertEquals("attack.sqli", sqli.path("id").asText());
        assertEquals("defaults.request.attack", sqli.path("rule").asText(), "the entry that decided it");
        assertEquals("forwarded", attack.path("delivery").asText());
        assertEquals("beta", attack.path("route").asText());

        HttpResponse<byte[]> page = get(proxy("/beta/me"));
        assertEquals(200, page.statusCode(), "a secret the defaults block leaves the route in detect mode");
        assertEquals("{\"card\":\"" + CARD + "\"}", new String(page.body(), StandardCharsets.UTF_8));
        assertEquals(DB_URL, page.headers().firstValue("x-debug-db").orElse(""));
        JsonNode leak = event("GET", "/beta/me", "response");
        assertEquals("detect", leak.path("mode").asText());
        assertEquals("forwarded", leak.path("delivery").asText());

        // The rest of the traffic is enforced by the same policy.
        assertEquals(403, post("/api/search", SQLI).statusCode());
        assertFalse(received.contains("POST /api/search"));
        assertEquals(403, get(proxy("/api/me")).statusCode(), "the database URL's secret blocks the response");
        JsonNode blocked = event("GET", "/api/me", "response");
        assertEquals("enforce", blocked.path("mode").asText());
        assertEquals("blocked", blocked.path("delivery").asText());
        assertFalse(blocked.path("findings").isEmpty(), blocked.toString()); // the head's secret refuses it, body read or not
        for (JsonNode f : blocked.path("findings")) {
            String want = switch (f.path("id").asText()) {
                case "credit_card" -> "defaults.response.credit_card";
                case "basic_auth_url" -> "defaults.response.secret";
                default -> "implicit"; // no entry covers it: alerted
            };
            assertEquals(want, f.path("rule").asText(), f.toString());
        }
    }

    @Test
    void aRouteCanBeEnforcedInAPolicyThatOnlyWatches() throws Exception {
        serve("detect", "enforce");

        assertEquals(403, post("/beta/search", SQLI).statusCode());
        assertFalse(received.contains("POST /beta/search"));
        assertEquals("enforce", event("POST", "/beta/search", "request").path("mode").asText());

        assertEquals(200, post("/api/search", SQLI).statusCode());
        assertTrue(received.contains("POST /api/search"));
        JsonNode watched = event("POST", "/api/search", "request");
        assertEquals("detect", watched.path("mode").asText());
        assertEquals("default", watched.path("route").asText());
    }

    @Test
    void eventsCarryTheRequestIdAndTraceIdTheRequestCameWith() throws Exception {
        serve("enforce", "detect");
        String trace = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<byte[]> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy("/api/me")))
                .header("X-Request-Id", "req-2f9c").header("traceparent", "00-" + trace + "-b7ad6b7169203331-01")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, r.statusCode());
        JsonNode e = event("GET", "/api/me", "response");
        assertEquals("req-2f9c", e.path("requestId").asText());
        assertEquals(trace, e.path("traceId").asText());
    }
}
