package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data in a request's target, through {@code sluice serve} under a policy that redacts it
 * in requests (an egress sidecar keeping customers' data out of a partner's access logs): the
 * upstream receives the target with the values masked, over HTTP/1.1 and h2c, with a body
 * streamed, held or absent; the event says the request left redacted; a route in detect mode
 * sends the target as it came.
 */
class RequestTargetRedactionServeTest {
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static final String CARD = "4111%201111%201111%201111";
    private static final String MASKED_CARD = "****%20****%20****%201111";

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        upstream = ServeTests.recordingUpstream(RECEIVED, ex -> ex.getRequestMethod() + " "
                + ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
                : "?" + ex.getRequestURI().getRawQuery()) + " "
                + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        serve = ServeTests.serveWithPolicy(upstream, dir, """
                version: 1
                defaults:
                  request:
                    attack: block
                    credit_card: {action: redact, mask: keep_last_4}
                    email: {action: redact, mask: keyed_hash}
                routes:
                  - name: watched
                    match: {path: /watched/**}
                    mode: detect
                """);
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    @BeforeEach
    void clear() {
        RECEIVED.clear();
    }

    private static String proxy(String target) {
        return ServeTests.proxyUrl(serve, target);
    }

    private static JsonNode requestEvent(String path) throws InterruptedException {
        return ServeTests.awaitEvent(dir.resolve("events.jsonl"), e -> e.path("direction").asText().equals("request")
                && e.path("path").asText().equals(path));
    }

    @Test
    void aCardAndAnAddressInTheQueryReachTheUpstreamMasked() throws Exception {
        HttpResponse<byte[]> r = ServeTests.get(proxy("/track?card=" + CARD + "&email=jane.roe%40mailbox.org&page=2"));
        assertEquals(200, r.statusCode());
        assertEquals(1, RECEIVED.size());
        String received = RECEIVED.getFirst();
        assertTrue(received.matches("GET /track\\?card=" + java.util.regex.Pattern.quote(MASKED_CARD)
                + "&email=h:[0-9a-f]{16}&page=2 "), received);
        JsonNode e = requestEvent("/track");
        assertEquals("redact", e.path("action").asText(), e.toString());
        assertEquals("redacted", e.path("delivery").asText());
        assertEquals("query:card", ServeTests.finding(e, "credit_card").path("path").asText());
    }

    @Test
    void theTargetIsRewrittenWithABodyStreamedAfterIt() throws Exception {
        HttpResponse<byte[]> r = ServeTests.postJson(proxy("/orders/4111111111111111?ref=7"),
                "{\"note\":\"card 4111111111111111\"}");
        assertEquals(200, r.statusCode());
        assertEquals(List.of("POST /orders/************1111?ref=7 {\"note\":\"card ************1111\"}"), RECEIVED);
        JsonNode e = requestEvent("/orders/4111111111111111");
        assertEquals("redacted", e.path("delivery").asText());
        assertEquals(2, e.path("findings").get(0).path("count").asInt() + (e.path("findings").size() - 1),
                "the body's card and the path's: " + e);
    }

    @Test
    void overH2cTheUpstreamGetsTheMaskedTarget() throws Exception {
        ServeTests.Fetched f = ServeTests.curl(dir, serve, "/h2/track?card=" + CARD, "--http2-prior-knowledge");
        assertEquals(0, f.exit(), f.stderr());
        assertEquals(List.of("GET /h2/track?card=" + MASKED_CARD + " "), RECEIVED);
    }

    @Test
    void aRouteInDetectModeSendsTheTargetAsItCame() throws Exception {
        assertEquals(200, ServeTests.get(proxy("/watched/track?card=" + CARD)).statusCode());
        assertEquals(List.of("GET /watched/track?card=" + CARD + " "), RECEIVED);
        JsonNode e = requestEvent("/watched/track");
        assertEquals("detect", e.path("mode").asText());
        assertEquals("redact", e.path("action").asText(), "what enforce would have done");
        assertEquals("forwarded", e.path("delivery").asText());
    }

    @Test
    void aTargetWithNothingToRedactIsSentAsItCame() throws Exception {
        assertEquals(200, ServeTests.get(proxy("/search?q=a%20b+c&x=%2F")).statusCode());
        assertEquals(List.of("GET /search?q=a%20b+c&x=%2F "), RECEIVED);
    }
}
