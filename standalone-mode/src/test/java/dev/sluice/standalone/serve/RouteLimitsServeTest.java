package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
 * A route's own bound on the bytes inspected ({@code limits.max_inspected_bytes}), through
 * {@code sluice serve}: a route that reads the first KiB of its responses masks a card there and
 * lets one past it go; another route reads the whole body; a route that fails closed on a limit
 * refuses a body longer than its bound, in either direction, and passes a shorter one; a route that
 * holds at most 1 KiB of a request for its verdict refuses a longer one, which the defaults hold.
 */
class RouteLimitsServeTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String MASKED = "**** **** **** 1111";
    private static final String BODY = "{\"first\":\"" + CARD + "\",\"pad\":\"" + "p".repeat(1500) + "\",\"second\":\""
            + CARD + "\"}";

    @TempDir
    Path dir;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer upstream;
    private ServeRuntime serve;
    private Path events;

    @BeforeEach
    void start() throws Exception {
        upstream = ServeTests.jsonUpstream(received, BODY, Map.of());
        events = dir.resolve("events.jsonl");
        serve = ServeTests.serveWithPolicy(upstream, dir, """
                version: 1
                defaults:
                  request:
                    attack: block
                  response:
                    credit_card: {action: redact, mask: keep_last_4}
                routes:
                  - name: downloads
                    match: {path: /downloads/**}
                    limits: {max_inspected_bytes: {response: 1KiB}}
                  - name: strict
                    match: {path: /strict/**}
                    limits: {max_inspected_bytes: 1KiB}
                    on_failure: {limit: closed}
                  - name: small-uploads
                    match: {path: /small/**}
                    limits: {max_held_body_bytes: {request: 1KiB}}
                    on_failure: {limit: closed}
                """);
    }

    @AfterEach
    void stop() {
        ServeTests.stop(serve, upstream);
    }

    private String proxy(String path) {
        return ServeTests.proxyUrl(serve, path);
    }

    private JsonNode responseEvent(String route) throws InterruptedException {
        return ServeTests.awaitEvent(events, e -> e.path("route").asText().equals(route)
                && e.path("direction").asText().equals("response"));
    }

    @Test
    void aRouteReadingTheFirstKibMasksWhatIsThereAndLetsTheRestGo() throws Exception {
        HttpResponse<byte[]> whole = get(proxy("/api/orders"));
        assertEquals(BODY.replace(CARD, MASKED), new String(whole.body(), StandardCharsets.UTF_8),
                "the defaults read the whole body");

        HttpResponse<byte[]> partial = get(proxy("/downloads/export.json"));
        assertEquals(200, partial.statusCode());
        assertEquals(BODY.replaceFirst(CARD, MASKED), new String(partial.body(), StandardCharsets.UTF_8),
                "the card past the route's first KiB is not read");
        JsonNode e = responseEvent("downloads");
        assertEquals("inspected_bytes_limit", e.path("outcome").asText());
        assertEquals("redact", e.path("action").asText());
        assertEquals(1, e.path("findings").get(0).path("count").asInt());
    }

    @Test
    void aFailClosedRouteRefusesABodyPastItsBoundInEitherDirection() throws Exception {
        HttpResponse<byte[]> response = get(proxy("/strict/report"));
        assertEquals(403, response.statusCode(), "the response is longer than the route reads");
        assertEquals("block", responseEvent("strict").path("action").asText());

        received.clear();
        HttpResponse<byte[]> longRequest = ServeTests.postJson(proxy("/strict/upload"),
                "{\"note\":\"" + "n".repeat(2000) + "\"}");
        assertEquals(403, longRequest.statusCode());
        assertEquals(List.of(), received, "nothing of it reached the upstream");
        HttpResponse<byte[]> shortRequest = ServeTests.postJson(proxy("/api/upload"), "{\"note\":\"" + "n".repeat(2000)
                + "\"}");
        assertEquals(200, shortRequest.statusCode(), "the same body on a route without the bound");
        assertEquals(List.of("POST /api/upload"), received);
    }

    @Test
    void aRouteHoldsNoMoreOfARequestThanItsOwnBound() throws Exception {
        String body = "{\"note\":\"" + "n".repeat(2000) + "\"}";
        assertEquals(403, ServeTests.postJson(proxy("/small/upload"), body).statusCode(),
                "held for its verdict (attacks are blocked), longer than the route holds, fail closed");
        assertEquals(List.of(), received);
        assertEquals(200, ServeTests.postJson(proxy("/small/upload"), "{\"note\":\"short\"}").statusCode());
        assertEquals(List.of("POST /small/upload"), received);
        JsonNode refused = ServeTests.awaitEvent(events, e -> e.path("route").asText().equals("small-uploads")
                && e.path("action").asText().equals("block"));
        assertEquals("fail:limit", refused.path("reason").asText());
    }

    /**
     * A chunked upload refused part way (past the route's 1 KiB hold, failing closed): the client
     * reads the 403, and may go on sending what it had started for a while without being reset
     * (the proxy shuts its output and drops what still comes, a lingering close); then the
     * connection ends. Closing at once would answer those bytes with a reset, which can reach a
     * client before the 403 it has not read yet.
     */
    @Test
    void aClientRefusedPartWayMayFinishSendingWithoutAReset() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", serve.proxyPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /small/upload HTTP/1.1\r\nHost: upstream\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("2000\r\n" + "{\"n\":\"" + "n".repeat(8192 - 9) + "\"}" + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            out.write(chunk);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 403", status);
            Thread.sleep(300); // the answer has long gone out
            for (int i = 0; i < 64; i++) {
                out.write(chunk); // 512 KiB more, each dropped
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.readAllBytes(); // the rest of the answer, then the end
        }
        assertEquals(List.of(), received);
    }
}
