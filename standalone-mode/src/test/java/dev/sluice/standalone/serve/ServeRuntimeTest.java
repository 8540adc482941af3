package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.finding;
import static dev.sluice.standalone.serve.ServeTests.get;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static dev.sluice.standalone.serve.ServeTests.metric;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.policy.Mode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} in detect mode end to end over real sockets: a JDK HTTP server as the
 * upstream, the proxy in front of it with the embedded default policy ({@code SLUICE_MODE=detect}),
 * events in a file, metrics and readiness scraped from the admin endpoint. Bodies must arrive
 * byte-identical (nothing is carried out), events must say what enforce mode would have done, and
 * what is found must reach the event log and the metrics as ids, paths, masked previews and hashes
 * only. {@link EnforcementTest} carries the same kinds of bodies out in enforce mode.
 */
class ServeRuntimeTest {
    private static final String CARD = "4111111111111111";
    /** The card number is cut between two chunks of a chunked response. */
    private static final String PART_1 = "{\"owner\":\"Alice\",\"card\":\"41111111";
    private static final String PART_2 = "11111111\",\"note\":\"thanks\"}";
    private static final byte[] PNG = ("\u0089PNG\r\n\u001a\n card " + CARD + " in pixels")
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final AtomicReference<byte[]> LAST_UPLOAD = new AtomicReference<>();

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;
    private static Path events;
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/cards", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(PART_1.getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(30); // let the first chunk leave on its own
                out.write(PART_2.getBytes(StandardCharsets.UTF_8));
            }
        });
        upstream.createContext("/logo.png", ex -> ServeTests.respond(ex, "image/png", PNG));
        upstream.createContext("/echo", ex -> {
            LAST_UPLOAD.set(ex.getRequestBody().readAllBytes());
            ServeTests.respondJson(ex, "{\"ok\":true}");
        });
        upstream.start();
        events = dir.resolve("events.jsonl");
        serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.getAddress().getPort(), events)
                .mode(Mode.DETECT).build(), Map.of("SLUICE_SERVICE_NAME", "checkout"), new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    /**
     * The admin scrape once the event writer has counted a written event: it counts after its
     * flush, so a line already read from the file may not be counted yet.
     */
    private String scrapeOnceEventsCounted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String scrape = new String(get(admin("/metrics")).body(), StandardCharsets.UTF_8);
            if (metric(scrape, "sluice_events_written_total") >= 1 || System.nanoTime() > deadline) {
                return scrape;
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String proxy(String path) {
        return "http://127.0.0.1:" + serve.proxyPort() + path;
    }

    private String admin(String path) {
        return "http://127.0.0.1:" + serve.adminPort() + path;
    }

    @Test
    void aCardCutAcrossChunksIsForwardedUnchangedAndReportedWithoutItsValue() throws Exception {
        HttpResponse<byte[]> r = get(proxy("/cards?session=QZXWV9"));
        assertEquals(200, r.statusCode());
        assertArrayEquals((PART_1 + PART_2).getBytes(StandardCharsets.UTF_8), r.body());

        JsonNode event = awaitEvent(events, e -> e.path("direction").asText().equals("response")
                && hasFinding(e, "credit_card") && e.path("path").asText().equals("/cards"));
        JsonNode card = finding(event, "credit_card");
        assertEquals("$.card", card.path("path").asText());
        assertEquals("4111********1111", card.path("preview").asText());
        assertTrue(card.path("valueHash").asText().matches("[0-9a-f]{32}"), card.toString());
        // The embedded default redacts cards in responses; detect mode only reports that it would.
        assertEquals("redact", card.path("action").asText());
        assertEquals("redact", event.path("action").asText());
        assertEquals("detect", event.path("mode").asText());
        assertEquals("forwarded", event.path("delivery").asText());
        assertEquals("checkout", event.path("destinationService").asText());
        assertEquals(200, event.path("status").asInt());
        assertFalse(Files.readString(events).contains(CARD), "raw card number in the event log");
        assertFalse(Files.readString(events).contains("QZXWV9"), "query string in the event log");

        String scrape = scrapeOnceEventsCounted();
        assertTrue(metric(scrape, "sluice_findings_total", "detector=\"credit_card\"", "direction=\"response\"",
                "action=\"redact\"", "destination_service=\"checkout\"",
                "source_service=\"unknown\"") >= 1, scrape); // a peer address is never a label
        assertTrue(metric(scrape, "sluice_exchanges_total", "direction=\"response\"", "action=\"redact\"") >= 1);
        assertTrue(metric(scrape, "sluice_inspected_bytes_total", "direction=\"response\"") >= PART_1.length());
        assertTrue(metric(scrape, "sluice_inspection_outcomes_total", "outcome=\"complete\"") >= 1);
        assertTrue(metric(scrape, "sluice_events_written_total") >= 1);
        assertTrue(scrape.lines().anyMatch(l -> l.equals("sluice_upstream_retries_total 0.0")), "no retries counted");
        assertFalse(scrape.contains(CARD), "raw card number in the metrics");
        assertFalse(scrape.contains("4111"), "card digits in the metrics");
    }

    @Test
    void readinessIsUpOnceServing() throws Exception {
        assertTrue(serve.isReady());
        HttpResponse<byte[]> r = get(admin("/readyz"));
        assertEquals(200, r.statusCode());
        assertEquals("ready", new String(r.body(), StandardCharsets.UTF_8).strip());
        assertEquals(200, get(admin("/healthz")).statusCode());
    }

    @Test
    void aWouldBeBlockIsReportedAndTheRequestStillReachesTheUpstream() throws Exception {
        byte[] body = "{\"q\":\"1' UNION SELECT username, password FROM users--\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy("/echo")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(body, LAST_UPLOAD.get());
        JsonNode event = awaitEvent(events, e -> e.path("direction").asText().equals("request")
                && hasFinding(e, "attack.sqli"));
        assertEquals("block", event.path("action").asText());
        assertEquals("detector:attack.sqli", event.path("reason").asText());
        assertEquals("detect", event.path("mode").asText());
        assertEquals("forwarded", event.path("delivery").asText());
        assertEquals("POST", event.path("method").asText());
    }

    @Test
    void aChunkedUploadFromCurlIsInspectedAndForwardedByteIdentical() throws Exception {
        Assumptions.assumeTrue(onPath("curl"), "curl is not installed");
        String json = "{\"user\":\"bob\",\"aws_access_key_id\":\"AKIA2E3MZR7TQX5LWB4N\",\"pad\":\""
                + "x".repeat(100_000) + "\"}";
        Path file = dir.resolve("upload.json");
        Files.writeString(file, json);
        Process p = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Content-Type: application/json", "-H", "Transfer-Encoding: chunked",
                "--data-binary", "@" + file, proxy("/echo")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals("200", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), LAST_UPLOAD.get());
        JsonNode event = awaitEvent(events, e -> e.path("direction").asText().equals("request")
                && hasFinding(e, "aws_access_key_id"));
        assertEquals("$.aws_access_key_id", finding(event, "aws_access_key_id").path("path").asText());
        assertFalse(Files.readString(events).contains("AKIA2E3MZR7TQX5LWB4N"));
    }

    @Test
    void imagesPassUninspected() throws Exception {
        double before = metric(new String(get(admin("/metrics")).body(), StandardCharsets.UTF_8),
                "sluice_inspected_bytes_total", "direction=\"response\"");
        HttpResponse<byte[]> r = get(proxy("/logo.png"));
        assertArrayEquals(PNG, r.body());
        double after = metric(new String(get(admin("/metrics")).body(), StandardCharsets.UTF_8),
                "sluice_inspected_bytes_total", "direction=\"response\"");
        assertEquals(before, after);
    }

    static boolean onPath(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }
}
