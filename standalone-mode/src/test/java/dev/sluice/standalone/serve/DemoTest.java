package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.standalone.config.EventsOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo}: the curl commands it prints work against it (run here with Java's HTTP
 * client, parsed from the printed text), and each one shows what the README promises: cards and
 * secrets masked in answers, a login reported, an SQL injection refused with a 403 naming its event.
 */
class DemoTest {

    @Test
    void thePrintedCurlCommandsWorkAndShowFindings(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        try (Demo demo = Demo.start(ServeTests.FREE_LOOPBACK_PORT, ServeTests.FREE_LOOPBACK_PORT,
                EventsOutput.toFile(events), Map.of(), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8))) {
            String banner = demo.banner();
            List<String> printed = banner.lines().map(String::strip).filter(l -> l.startsWith("curl ")).toList();
            assertEquals(5, printed.size(), banner);
            Map<String, String> bodies = new java.util.HashMap<>();
            for (String line : printed) {
                HttpResponse<String> r = ServeTests.CLIENT.send(Curl.parse(line), HttpResponse.BodyHandlers.ofString());
                String path = r.uri().getPath();
                bodies.put(path, r.body());
                assertEquals(path.equals("/api/search") ? 403 : 200, r.statusCode(), line);
                if (line.contains("/metrics")) {
                    assertTrue(r.body().contains("sluice_findings_total"), r.body());
                }
            }
            JsonNode blocked = ServeTests.JSON.readTree(bodies.get("/api/search"));
            assertEquals("blocked", blocked.path("error").asText());
            String eventId = blocked.path("event_id").asText();
            JsonNode block = awaitEvent(events, e -> e.path("exchangeId").asText().equals(eventId));
            assertEquals("block", block.path("action").asText());
            assertEquals("blocked", block.path("delivery").asText());
            assertEquals("detector:attack.sqli", block.path("reason").asText());
            // Redacted on the way: the card keeps its last four digits, the secret key is replaced.
            assertFalse(bodies.get("/api/users").contains("5555555555554444"), bodies.get("/api/users"));
            assertTrue(bodies.get("/api/users").contains("4444"), bodies.get("/api/users"));
            assertFalse(bodies.get("/api/config").contains("q7Rv+Lx2mP9sK4tW1nB8yZ3cH6fJ0gD5aE2uN7oQ"));
            assertTrue(bodies.get("/api/login").contains("session"), "an alert changes nothing");
            awaitEvent(events, e -> e.path("path").asText().equals("/api/users") && hasFinding(e, "credit_card")
                    && hasFinding(e, "us_ssn") && hasFinding(e, "email"));
            awaitEvent(events, e -> e.path("path").asText().equals("/api/config")
                    && hasFinding(e, "aws_access_key_id") && hasFinding(e, "aws_secret_access_key")
                    && hasFinding(e, "basic_auth_url"));
            JsonNode login = awaitEvent(events, e -> e.path("path").asText().equals("/api/login")
                    && e.path("direction").asText().equals("request") && hasFinding(e, "password_field"));
            assertEquals("alert", login.path("action").asText());
            assertEquals("forwarded", login.path("delivery").asText());
            awaitEvent(events, e -> e.path("path").asText().equals("/api/login")
                    && e.path("direction").asText().equals("response") && hasFinding(e, "jwt"));
            String log = Files.readString(events);
            assertFalse(log.contains("AKIA2E3MZR7TQX5LWB4N"));
            assertFalse(log.contains("Tr0ub4dor"));
            assertFalse(log.contains("512-44-8291"));
        }
    }

    /** The few curl forms the demo prints: {@code -s}, {@code -X METHOD}, {@code -H 'h: v'}, {@code -d 'body'}, URL, an optional pipe. */
    static final class Curl {
        static HttpRequest parse(String line) {
            int pipe = line.indexOf(" | ");
            List<String> words = words(pipe < 0 ? line : line.substring(0, pipe));
            HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
            String method = "GET";
            String body = null;
            for (int i = 1; i < words.size(); i++) {
                String w = words.get(i);
                switch (w) {
                    case "-s" -> { }
                    case "-X" -> method = words.get(++i);
                    case "-H" -> {
                        String h = words.get(++i);
                        int colon = h.indexOf(':');
                        b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
                    }
                    case "-d" -> body = words.get(++i);
                    default -> b.uri(URI.create(w));
                }
            }
            return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build();
        }

        /** Shell words: spaces separate, single quotes group. */
        private static List<String> words(String s) {
            List<String> out = new ArrayList<>();
            StringBuilder w = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (char c : s.toCharArray()) {
                if (c == '\'') {
                    quoted = !quoted;
                    any = true;
                } else if (c == ' ' && !quoted) {
                    if (any) {
                        out.add(w.toString());
                        w.setLength(0);
                        any = false;
                    }
                } else {
                    w.append(c);
                    any = true;
                }
            }
            if (any) {
                out.add(w.toString());
            }
            return out;
        }
    }
}
