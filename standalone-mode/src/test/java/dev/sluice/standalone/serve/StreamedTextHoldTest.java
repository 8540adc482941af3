package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} with {@code limits.streamed_text_hold_bytes: 256} redacting a card that a
 * model streams across three events, each written 30 ms after the last: the proxy holds the
 * pieces of the last 256 bytes of text, so the card is masked in every piece, and the stream
 * still arrives whole, every event valid JSON.
 */
class StreamedTextHoldTest {
    private static final String POLICY = """
            version: 1
            mode: enforce
            defaults:
              response:
                credit_card: {action: redact, mask: keep_last_4}
            """;
    private static final String[] PIECES = {"Your card is 4111", " 1111 11", "11 1111", ", thanks"};

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;
    private static Path events;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/answer", ex -> EnforcementTest.chunkedAs(ex, "text/event-stream",
                EnforcementTest.tokenEvents(PIECES)));
        upstream.start();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        events = dir.resolve("events.jsonl");
        serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.getAddress().getPort(), events)
                        .policyFile(policy).streamedTextHoldBytes(256).build(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    @Test
    void aCardStreamedAcrossEventsIsMaskedInEveryPiece() throws Exception {
        HttpResponse<byte[]> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serve.proxyPort() + "/answer")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        String[] masked = EnforcementTest.tokenEvents("Your card is ****", "********", "*******", ", thanks");
        assertEquals(String.join("", masked), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/answer"));
        assertEquals("redacted", event.path("delivery").asText());
        assertEquals("credit_card", event.path("findings").get(0).path("id").asText());
    }
}
