package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card fetched in two ranges, each holding half of it: inspected part by part it would never be
 * seen whole. With the default policy, {@code sluice serve} answers each range request with the
 * whole document, inspected and redacted; with {@code proxy.widen_ranges: false} the parts go
 * through as 206s, and the two halves put together give the card back.
 */
class RangeRequestServeTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final byte[] DOC = ("{\"note\":\"pay with " + CARD + " today\"}").getBytes(StandardCharsets.UTF_8);
    private static final List<String> HALVES = List.of("bytes=0-27", "bytes=28-");
    /** PNG's signature, then bytes that are no text. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R', 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0, 0x5c, 0x72, (byte) 0xa8, 0x66};

    @TempDir
    Path dir;
    private HttpServer upstream;
    private ServeRuntime serve;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/doc", ex -> answer(ex, "application/json", DOC));
        upstream.createContext("/logo.png", ex -> answer(ex, "image/png", PNG));
        upstream.start();
    }

    @AfterEach
    void stop() {
        ServeTests.stop(serve, upstream);
    }

    @Test
    void eachRangeIsAnsweredWithTheWholeDocumentRedacted() throws Exception {
        Path events = dir.resolve("events.jsonl");
        serve = ServeTests.serveDefault(upstream.getAddress().getPort(), events, b -> b);
        for (String range : HALVES) {
            HttpResponse<String> r = get(range);
            assertEquals(200, r.statusCode(), range);
            assertTrue(r.headers().firstValue("content-range").isEmpty(), range);
            assertEquals("{\"note\":\"pay with **** **** **** 1111 today\"}", r.body(), range);
        }
        JsonNode event = ServeTests.awaitEvent(events, e -> ServeTests.hasFinding(e, "credit_card"));
        assertEquals(200, event.path("status").asInt());
        assertEquals("redacted", event.path("delivery").asText());
        String scrape = new String(ServeTests.get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        assertEquals(2.0, ServeTests.metric(scrape, "sluice_range_requests_widened_total"));
    }

    @Test
    void withWideningOffTheHalvesCarryTheCardPastInspection() throws Exception {
        Path events = dir.resolve("events.jsonl");
        serve = ServeTests.serveDefault(upstream.getAddress().getPort(), events, b -> b.widenRanges(false));
        StringBuilder joined = new StringBuilder();
        for (String range : HALVES) {
            HttpResponse<String> r = get(range);
            assertEquals(206, r.statusCode(), range);
            joined.append(r.body());
        }
        assertEquals(new String(DOC, StandardCharsets.UTF_8), joined.toString());
        // The first half's event, if any, comes before the second request is answered.
        Thread.sleep(200);
        assertTrue(ServeTests.events(events).stream().noneMatch(e -> ServeTests.hasFinding(e, "credit_card")),
                ServeTests.events(events).toString());
    }

    /** An image's range is its player's: checked on its bytes (not text), it passes as the 206 it is. */
    @Test
    void aRangeOfAnImageStaysPartial() throws Exception {
        serve = ServeTests.serveDefault(upstream.getAddress().getPort(), dir.resolve("events.jsonl"), b -> b);
        HttpResponse<byte[]> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serve.proxyPort() + "/logo.png"))
                .timeout(Duration.ofSeconds(10)).header("Range", "bytes=16-31").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(PNG, 16, 32), r.body());
    }

    private HttpResponse<String> get(String range) throws IOException, InterruptedException {
        return ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.proxyPort() + "/doc"))
                .timeout(Duration.ofSeconds(10)).header("Range", range).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code doc}, or the one range {@code bytes=A-B} / {@code bytes=A-} asks for. */
    private static void answer(HttpExchange ex, String contentType, byte[] doc) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        byte[] body = doc;
        int status = 200;
        if (range != null) {
            String[] bounds = range.substring("bytes=".length()).split("-", -1);
            int from = Integer.parseInt(bounds[0]);
            int to = bounds[1].isEmpty() ? doc.length - 1 : Integer.parseInt(bounds[1]);
            body = Arrays.copyOfRange(doc, from, to + 1);
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + doc.length);
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
