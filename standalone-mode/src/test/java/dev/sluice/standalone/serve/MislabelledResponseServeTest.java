package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses labelled as images through {@code sluice serve} with the default policy. A static-file
 * handler that types by extension answers a path traversal ({@code config.yml%00.png}) with a
 * config file as {@code image/png}: its bytes are text, so they are inspected, and since the head
 * already left promising them as they came, a value the policy redacts cuts the response. A real
 * image, and a range from the middle of one, pass untouched with their framing. The config file in
 * UTF-16, as a Windows tool writes it, is text too.
 */
class MislabelledResponseServeTest {
    private static final byte[] CONFIG = ("db:\n  url: postgres://app:Xq7vR2mLp9@db.internal:5432/orders\n"
            + "billing:\n  test_card: 4111 1111 1111 1111\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTE = "{\"owner\":\"jane.roe@corp.io\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PNG = png();
    private static final byte[] VIDEO_PART = binary(2048, 7);

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;
    private static Path events;

    @BeforeAll
    static void start() throws Exception {
        byte[] utf16 = ("\ufeff" + new String(CONFIG, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_16LE);
        Map<String, byte[]> files = Map.of("/files/config.png", CONFIG, "/files/config16.png", utf16,
                "/files/note.png", NOTE,
                "/files/logo.png", PNG, "/files/clip.mp4", VIDEO_PART);
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/files/", ex -> {
            String path = ex.getRequestURI().getPath();
            ServeTests.respond(ex, path.endsWith(".mp4") ? "video/mp4" : "image/png", files.get(path));
        });
        upstream.start();
        events = dir.resolve("events.jsonl");
        serve = ServeTests.serveDefault(upstream, events);
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/config.png", "/files/config16.png"})
    void aConfigFileServedAsAnImageIsCutNotLeaked(String path) throws Exception {
        assertThrows(IOException.class, () -> get(path));
        JsonNode event = ServeTests.awaitEvent(events, e -> e.path("path").asText().equals(path));
        assertEquals("block", event.path("action").asText());
        assertEquals("mislabelled:redaction", event.path("reason").asText());
        assertTrue(ServeTests.hasFinding(event, "basic_auth_url"), event.toString());
        assertTrue(ServeTests.hasFinding(event, "credit_card"), event.toString());
    }

    @Test
    void aMislabelledBodyWithOnlyAlertsPassesAndIsReported() throws Exception {
        HttpResponse<byte[]> r = get("/files/note.png");
        assertEquals(200, r.statusCode());
        assertArrayEquals(NOTE, r.body());
        assertEquals(Long.toString(NOTE.length), r.headers().firstValue("content-length").orElse(null));
        JsonNode event = ServeTests.awaitEvent(events, e -> e.path("path").asText().equals("/files/note.png"));
        assertEquals("forwarded", event.path("delivery").asText());
        assertEquals("$.owner", ServeTests.finding(event, "email").path("path").asText());
    }

    @Test
    void realMediaPassesUntouchedWithItsLength() throws Exception {
        for (String path : new String[] {"/files/logo.png", "/files/clip.mp4"}) {
            HttpResponse<byte[]> r = get(path);
            assertEquals(200, r.statusCode(), path);
            assertArrayEquals(path.endsWith(".png") ? PNG : VIDEO_PART, r.body(), path);
            assertTrue(r.headers().firstValue("content-length").isPresent(), path);
        }
        Thread.sleep(200);
        assertTrue(ServeTests.events(events).stream().noneMatch(e -> e.path("path").asText().startsWith("/files/logo")
                || e.path("path").asText().startsWith("/files/clip")));
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return ServeTests.get("http://127.0.0.1:" + serve.proxyPort() + path);
    }

    /** PNG's signature and IHDR chunk, then seeded bytes standing for compressed image data. */
    private static byte[] png() {
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        byte[] data = binary(4096, 3);
        byte[] out = new byte[head.length + data.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        return out;
    }

    private static byte[] binary(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
