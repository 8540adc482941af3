package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.get;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static dev.sluice.standalone.serve.ServeTests.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy file is reloaded while serving: a valid change decides the next body (and is counted
 * as a successful reload), an invalid one is counted as a failure and leaves the last good policy
 * in force; a policy with its own detector gets them compiled into the matchers.
 */
class PolicyReloadTest {
    private static final String BODY = "{\"card\":\"4111111111111111\",\"employee\":\"EMP-204817\"}";

    @Test
    void aValidChangeTakesEffectAndAnInvalidOneIsCountedAndIgnored(@TempDir Path dir) throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        upstream.createContext("/", ex -> ServeTests.respondJson(ex, BODY));
        upstream.start();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                version: 1
                mode: detect
                defaults:
                  response:
                    credit_card: ignore
                """);
        Path events = dir.resolve("events.jsonl");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ServeRuntime serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:"
                + upstream.getAddress().getPort(), events).policyFile(policy).build(), Map.of(),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String proxy = "http://127.0.0.1:" + serve.proxyPort() + "/first";
            assertEquals(200, get(proxy).statusCode());

            Files.writeString(policy, """
                    version: 1
                    mode: detect
                    detectors:
                      - id: acme_employee_id
                        category: pii
                        patterns: ['EMP-[0-9]{6}']
                        validators: [word_boundary]
                    defaults:
                      response:
                        credit_card: block
                    """);
            awaitReloads(serve, "success", 1);
            assertEquals(200, get("http://127.0.0.1:" + serve.proxyPort() + "/second").statusCode());
            JsonNode second = awaitEvent(events, e -> e.path("path").asText().equals("/second"));
            assertEquals("block", second.path("action").asText());
            assertTrue(hasFinding(second, "acme_employee_id"), second.toString());
            // Under the first policy the card was ignored: no event for /first.
            assertTrue(ServeTests.events(events).stream().noneMatch(e -> e.path("path").asText().equals("/first")));

            Files.writeString(policy, "version: 1\nmode: enforse\n");
            awaitReloads(serve, "failure", 1);
            // A reload may first see the file half written (truncated by writeString); the error for the
            // whole file follows within the watcher's settle time.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!log.toString(StandardCharsets.UTF_8).contains(":2:7: unknown mode") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(log.toString(StandardCharsets.UTF_8).contains(":2:7: unknown mode"), log.toString());
            assertEquals(200, get("http://127.0.0.1:" + serve.proxyPort() + "/third").statusCode());
            JsonNode third = awaitEvent(events, e -> e.path("path").asText().equals("/third"));
            assertEquals("block", third.path("action").asText(), "the last good policy stays in force");
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void theAdminEndpointSaysWhichPolicyIsInForceAndWhyTheLastReloadFailed(@TempDir Path dir) throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        upstream.createContext("/", ex -> ServeTests.respondJson(ex, BODY));
        upstream.start();
        Path policy = dir.resolve("policy.yaml");
        String first = """
                version: 1
                routes:
                  - name: feed
                    match: {path: /feed/**}
                    mode: detect
                    sample: 10%
                """;
        Files.writeString(policy, first);
        try (ServeRuntime serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:"
                + upstream.getAddress().getPort(), dir.resolve("events.jsonl")).policyFile(policy).build(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String admin = "http://127.0.0.1:" + serve.adminPort() + "/policy";
            HttpResponse<byte[]> r = get(admin);
            assertEquals(200, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
            JsonNode status = new ObjectMapper().readTree(r.body());
            assertEquals(policy.toString(), status.path("origin").asText());
            assertEquals(sha256(first), status.path("sha256").asText(), "what sha256sum prints for the file");
            assertEquals("enforce", status.path("mode").asText());
            assertEquals("[\"default\",\"feed (detect, requests sampled 10%, responses sampled 10%)\"]",
                    status.path("routes").toString());
            assertTrue(status.path("detectors").asInt() >= 30, status.toString()); // the taxonomy's and the attack classes
            assertTrue(status.path("reloadFailure").isNull());
            String loadedAt = status.path("loadedAt").asText();

            Files.writeString(policy, "version: 1\nmode: enforse\n");
            awaitReloads(serve, "failure", 1);
            JsonNode failed = awaitStatus(admin, s -> s.path("reloadFailure").path("errors").toString()
                    .contains(":2:7: unknown mode 'enforse'"));
            assertEquals(sha256(first), failed.path("sha256").asText(), "the last good policy stays in force");
            assertEquals(loadedAt, failed.path("loadedAt").asText());

            String second = "version: 1\nmode: detect\n";
            Files.writeString(policy, second);
            String secondDigest = sha256(second);
            JsonNode reloaded = awaitStatus(admin, s -> s.path("sha256").asText().equals(secondDigest));
            assertEquals("detect", reloaded.path("mode").asText());
            assertTrue(reloaded.path("reloadFailure").isNull(), "a good reload clears the failure");
            assertEquals(405, ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(admin))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        } finally {
            upstream.stop(0);
        }
    }

    private static JsonNode awaitStatus(String url, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            JsonNode s = new ObjectMapper().readTree(get(url).body());
            if (wanted.test(s)) {
                return s;
            }
            assertTrue(System.nanoTime() < deadline, "GET /policy never said so: " + s);
            Thread.sleep(50);
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void awaitReloads(ServeRuntime serve, String result, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (metric(serve.metrics().scrape(), "sluice_policy_reloads_total", "result=\"" + result + "\"") < atLeast) {
            assertTrue(System.nanoTime() < deadline, "no policy reload with result " + result);
            Thread.sleep(50);
        }
    }
}
