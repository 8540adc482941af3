package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.inspector.HeldMemory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process's bound on held body bytes ({@code limits.max_held_total_bytes}), through
 * {@code sluice serve} over real sockets: two clients that send most of a large upload and stall
 * fill it; a third upload is then refused on a route that fails closed for limits and streamed to
 * the upstream, unheld, on one that fails open (its head reaching the upstream before its body
 * ends); once the stalled uploads end, or their clients go
 * away, the room comes back. Each upload is held for its verdict (attacks in requests are blocked).
 */
class HeldMemoryServeTest {
    private static final long TOTAL = 2 << 20;
    /**
     * Near the 1 MiB a body may be held to: two stalled uploads charge at least what they sent
     * past the uncharged part and at most 1 MiB past it each, so both fit in {@link #TOTAL} and a
     * third never does, however the proxy's reads cut them.
     */
    private static final int LENGTH = 1_000_000;
    /** The least one stalled upload charges. */
    private static final long ONE_STALLED = LENGTH - Upload.KEPT_BACK - HeldMemory.UNCHARGED_BYTES;

    @TempDir
    Path dir;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer upstream;
    private ServeRuntime serve;

    @BeforeEach
    void start() throws Exception {
        upstream = ServeTests.jsonUpstream(received, "{\"ok\":true}", Map.of());
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                version: 1
                defaults:
                  request:
                    attack: block
                routes:
                  - name: strict
                    match: {path: /strict/**}
                    on_failure: {limit: closed}
                  - name: watched
                    match: {path: /watched/**}
                    request:
                      attack: alert
                """);
        serve = ServeTests.serveDefault(upstream.getAddress().getPort(), dir.resolve("events.jsonl"),
                b -> b.policyFile(policy).maxHeldTotalBytes(TOTAL));
    }

    @AfterEach
    void stop() {
        ServeTests.stop(serve, upstream);
    }

    @Test
    void stalledUploadsFillTheProcessBoundAndTheNextUploadGoesAsItsFailRuleSays() throws Exception {
        byte[] body = body();
        try (Upload a = Upload.start(serve, "/strict/a", body); Upload b = Upload.start(serve, "/strict/b", body)) {
            awaitHeldAtLeast(2 * ONE_STALLED);

            assertEquals(403, Upload.whole(serve, "/strict/c", body), "no room, and the route fails closed");
            JsonNode refused = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                    e -> e.path("path").asText().equals("/strict/c"));
            assertEquals("fail:limit", refused.path("reason").asText());
            try (Upload d = Upload.start(serve, "/api/d", body)) {
                awaitReceived("POST /api/d");
                assertEquals(200, d.finish(), "no room, and the route fails open: streamed before its end");
            }
            assertEquals(List.of("POST /api/d"), received, "the refused upload never reached the upstream");
            assertTrue(metric("sluice_held_refusals_total") >= 2);

            assertEquals(200, a.finish());
            assertEquals(200, b.finish());
        }
        awaitHeld(0);
        assertEquals(200, Upload.whole(serve, "/strict/e", body), "room again");
        assertEquals(List.of("POST /api/d", "POST /strict/a", "POST /strict/b", "POST /strict/e"),
                received.stream().sorted().toList());
        assertEquals(TOTAL, (long) metric("sluice_held_limit_bytes"));
    }

    @Test
    void aClientThatGoesAwayMidUploadGivesItsRoomBack() throws Exception {
        byte[] body = body();
        Upload a = Upload.start(serve, "/strict/a", body);
        Upload b = Upload.start(serve, "/strict/b", body);
        awaitHeldAtLeast(2 * ONE_STALLED);
        a.close();
        b.close();
        awaitHeld(0);
        assertEquals(200, Upload.whole(serve, "/strict/c", body));
        assertEquals(List.of("POST /strict/c"), received);
    }

    /**
     * A protobuf upload is read whole before it is walked, so its message buffer is charged as it
     * grows, on a route that streams the body on (it blocks nothing in requests, so holds none for
     * a verdict); the charge is given back when the message ends.
     */
    @Test
    void aStalledProtobufUploadChargesItsMessageBuffer() throws Exception {
        int length = LENGTH; // its buffer, doubling from a first read's size, stays under TOTAL + UNCHARGED_BYTES
        byte[] body = new byte[length];
        body[0] = 0x0a; // field 1, a string of the rest
        int n = length - 4;
        body[1] = (byte) (n & 0x7f | 0x80);
        body[2] = (byte) (n >>> 7 & 0x7f | 0x80);
        body[3] = (byte) (n >>> 14);
        Arrays.fill(body, 4, length, (byte) 'n');
        try (Upload u = Upload.start(serve, "/watched/proto", "application/x-protobuf", body)) {
            awaitReceived("POST /watched/proto");
            awaitHeldAtLeast(length - Upload.KEPT_BACK - HeldMemory.UNCHARGED_BYTES);
            assertEquals(200, u.finish());
        }
        awaitHeld(0);
    }

    /** {@link #LENGTH} bytes of JSON: short strings, so what is held is the body, not a long token. */
    private static byte[] body() {
        StringBuilder json = new StringBuilder("{\"notes\":[");
        String note = "\"" + "n".repeat(98) + "\",";
        while (json.length() + note.length() + 2 + 2 <= LENGTH) {
            json.append(note);
        }
        int last = LENGTH - json.length() - 4;
        json.append("\"").append("n".repeat(last)).append("\"]}");
        byte[] body = json.toString().getBytes(StandardCharsets.US_ASCII);
        assertEquals(LENGTH, body.length);
        return body;
    }

    private double metric(String name) throws Exception {
        String scrape = new String(ServeTests.get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        return ServeTests.metric(scrape, name);
    }

    /** Waits up to 10 s for the upstream to have the head of {@code request}. */
    private void awaitReceived(String request) throws InterruptedException {
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
            if (received.contains(request)) {
                return;
            }
        }
        throw new AssertionError(request + " did not reach the upstream before its body ended: " + received);
    }

    /** Waits up to 10 s for the held bytes the admin endpoint reports to be {@code bytes}. */
    private void awaitHeld(long bytes) throws Exception {
        awaitHeld(bytes, bytes);
    }

    private void awaitHeldAtLeast(long bytes) throws Exception {
        awaitHeld(bytes, TOTAL);
    }

    private void awaitHeld(long least, long most) throws Exception {
        double held = -1;
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
            held = metric("sluice_held_bytes");
            if (held >= least && held <= most) {
                return;
            }
        }
        throw new AssertionError("held " + held + " bytes, not " + least + " to " + most);
    }

    /** A POST over its own connection, sent but for its last bytes until {@link #finish}. */
    private record Upload(Socket socket, byte[] body) implements AutoCloseable {
        static final int KEPT_BACK = 10_000;

        static Upload start(ServeRuntime serve, String path, byte[] body) throws IOException {
            return start(serve, path, "application/json", body);
        }

        static Upload start(ServeRuntime serve, String path, String contentType, byte[] body) throws IOException {
            Socket s = new Socket("127.0.0.1", serve.proxyPort());
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: upstream\r\nContent-Type: " + contentType + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length - KEPT_BACK);
            out.flush();
            return new Upload(s, body);
        }

        /** The status of the whole upload, sent at once. */
        static int whole(ServeRuntime serve, String path, byte[] body) throws IOException {
            try (Upload u = start(serve, path, body)) {
                return u.finish();
            }
        }

        /** Sends the rest and reads the answer's status. */
        int finish() throws IOException {
            socket.getOutputStream().write(body, body.length - KEPT_BACK, KEPT_BACK);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return Integer.parseInt(parts[1]);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
