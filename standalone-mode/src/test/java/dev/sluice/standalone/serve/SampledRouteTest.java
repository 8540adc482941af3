package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A route that samples its responses, through {@code sluice serve}: about that share of them is
 * inspected and reported, the others pass as they came and are counted as sampled out, every
 * response is accounted for exactly once, and the route's requests are all still inspected.
 */
class SampledRouteTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String SQLI = "{\"q\":\"0 UNION SELECT username, password FROM users--\"}";
    private static final int N = 200;

    @TempDir
    Path dir;
    private HttpServer upstream;
    private ServeRuntime serve;
    private Path events;

    @BeforeEach
    void start() throws Exception {
        upstream = ServeTests.jsonUpstream(new CopyOnWriteArrayList<>(), "{\"card\":\"" + CARD + "\"}", Map.of());
        events = dir.resolve("events.jsonl");
        serve = ServeTests.serveWithPolicy(upstream, dir, """
                version: 1
                defaults:
                  request:
                    attack: block
                  response:
                    credit_card: {action: redact, mask: keep_last_4}
                routes:
                  - name: feed
                    match: {path: /feed/**}
                    sample: {response: 50%}
                    response: {credit_card: alert}
                """);
    }

    @AfterEach
    void stop() {
        ServeTests.stop(serve, upstream);
    }

    private String proxy(String path) {
        return ServeTests.proxyUrl(serve, path);
    }

    private double metric(String name, String... labels) throws Exception {
        String scrape = new String(get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        return ServeTests.metric(scrape, name, labels);
    }

    @Test
    void aboutTheSampledShareIsInspectedAndEveryResponseIsAccountedFor() throws Exception {
        for (int i = 0; i < N; i++) {
            HttpResponse<byte[]> r = get(proxy("/feed/" + i));
            assertEquals(200, r.statusCode());
            assertEquals("{\"card\":\"" + CARD + "\"}", new String(r.body(), StandardCharsets.UTF_8),
                    "alerted or unread, never changed");
        }
        // The last event may still be on its way: every response is either reported or counted out.
        double out = 0;
        List<JsonNode> reported = List.of();
        for (int wait = 0; wait < 100; wait++) {
            out = metric("sluice_exchanges_sampled_out_total", "direction=\"response\"", "route=\"feed\"");
            reported = ServeTests.events(events).stream()
                    .filter(e -> e.path("route").asText().equals("feed") && e.path("direction").asText().equals("response"))
                    .toList();
            if (out + reported.size() == N) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(N, out + reported.size(), "each response once: " + out + " out, " + reported.size() + " read");
        // Binomial(200, 0.5): 100 ± 7 (one standard deviation); 50..150 fails once in 10^12 runs.
        assertTrue(reported.size() >= 50 && reported.size() <= 150, reported.size() + " inspected of " + N);
        for (JsonNode e : reported) {
            assertEquals("alert", e.path("action").asText());
            assertEquals("credit_card", e.path("findings").get(0).path("id").asText());
        }

        // Requests are not sampled: every attack on the route is refused.
        for (int i = 0; i < 20; i++) {
            assertEquals(403, ServeTests.postJson(proxy("/feed/search"), SQLI).statusCode());
        }
        // Other routes are inspected whole.
        assertEquals("{\"card\":\"**** **** **** 1111\"}", new String(get(proxy("/api/me")).body(),
                StandardCharsets.UTF_8));
    }
}
