package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.events;
import static dev.sluice.standalone.serve.ServeTests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
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
 * A route whose rules ignore every finding in a direction and fail open is not inspected there
 * ({@code BodyPlan.inspects}): through {@code sluice serve}, its heads and bodies go on as they
 * came, no event, no inspected byte; the other routes are inspected as before.
 */
class UninspectedRouteTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String SQLI = "{\"q\":\"0 UNION SELECT username, password FROM users--\"}";

    @TempDir
    Path dir;
    private HttpServer upstream;
    private ServeRuntime serve;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Path events;

    @BeforeEach
    void start() throws Exception {
        upstream = ServeTests.jsonUpstream(received, "{\"card\":\"" + CARD + "\"}",
                Map.of("X-Debug-Db", "postgres://app:S3cr3t-pw-77@db.internal:5432/app"));
        events = dir.resolve("events.jsonl");
        serve = ServeTests.serveWithPolicy(upstream, dir, """
                version: 1
                defaults:
                  request:
                    attack: block
                  response:
                    credit_card: {action: redact, mask: keep_last_4}
                    secret: redact
                routes:
                  - name: static
                    match: {path: /static/**}
                    actions: {pii: ignore, secret: ignore, attack: ignore}
                  - name: reports
                    match: {path: /reports/**}
                    response: {pii: ignore, secret: ignore, attack: ignore}
                """);
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

    private double inspectedBytes() throws Exception {
        String scrape = new String(get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        return ServeTests.metric(scrape, "sluice_inspected_bytes_total");
    }

    @Test
    void aRouteThatActsOnNothingPassesAsItCameAndTheOthersAreInspected() throws Exception {
        double before = inspectedBytes();
        HttpResponse<byte[]> page = get(proxy("/static/app.json"));
        assertEquals("{\"card\":\"" + CARD + "\"}", new String(page.body(), StandardCharsets.UTF_8));
        assertEquals("postgres://app:S3cr3t-pw-77@db.internal:5432/app", page.headers().firstValue("x-debug-db")
                .orElse(""), "its head is not read either");
        assertEquals(200, post("/static/upload", SQLI).statusCode(), "its requests are not read");
        assertTrue(received.contains("POST /static/upload"));
        assertEquals(before, inspectedBytes(), "nothing was inspected");

        // Elsewhere the policy is carried out as ever.
        HttpResponse<byte[]> api = get(proxy("/api/users"));
        assertEquals("{\"card\":\"**** **** **** 1111\"}", new String(api.body(), StandardCharsets.UTF_8));
        assertEquals("[REDACTED:basic_auth_url]/app", api.headers().firstValue("x-debug-db").orElse(""));
        assertEquals(403, post("/api/search", SQLI).statusCode());
        assertFalse(received.contains("POST /api/search"));
        assertTrue(inspectedBytes() > before);

        // A route that ignores everything in its responses still refuses attacks in its requests.
        assertEquals(403, post("/reports/run", SQLI).statusCode());
        HttpResponse<byte[]> report = get(proxy("/reports/q3"));
        assertEquals("{\"card\":\"" + CARD + "\"}", new String(report.body(), StandardCharsets.UTF_8));

        ServeTests.awaitEvent(events, e -> e.path("path").asText().equals("/reports/run"));
        for (var e : events(events)) {
            assertFalse(e.path("path").asText().startsWith("/static/"), e.toString());
            assertFalse(e.path("path").asText().equals("/reports/q3"), e.toString());
        }
    }
}
