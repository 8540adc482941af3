package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} with {@code console.*} set, against a console on loopback (a real HTTP
 * server): the events of real traffic reach the console (masked, as in the event log), and a policy
 * the console serves replaces the policy file and is enforced after Sluice's own reload.
 */
class ConsoleServeTest {
    static final String KEY = "console-key-5e0c2b7f91";
    static final String CARD = "4111111111111111";
    static final String DETECT = "version: 1\nmode: detect\n";
    static final String ENFORCE = """
            version: 1
            mode: enforce
            defaults:
              request:
                attack: block
            """;

    @TempDir
    static Path dir;
    static HttpServer upstream;
    static HttpServer console;
    static ServeRuntime serve;
    static final List<String> received = new CopyOnWriteArrayList<>();
    static final List<String> authorizations = new CopyOnWriteArrayList<>();
    static final List<String> statuses = new CopyOnWriteArrayList<>();
    static volatile String consolePolicy;
    static final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            send(ex, 200, "{\"owner\":\"Ann\",\"card\":\"" + CARD + "\"}");
        });
        upstream.start();
        console = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        console.createContext("/v1/events", ex -> {
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = new GZIPInputStream(new ByteArrayInputStream(ex.getRequestBody().readAllBytes())).readAllBytes();
            received.addAll(List.of(new String(body, StandardCharsets.UTF_8).split("\n")));
            send(ex, 200, "{}");
        });
        console.createContext("/v1/policy", ex -> {
            String p = consolePolicy;
            if (ex.getRequestURI().getPath().equals("/v1/policy/status")) {
                statuses.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(ex, 204, null);
            } else if (p == null) {
                send(ex, 404, null);
            } else {
                ex.getResponseHeaders().set("ETag", "\"" + p.hashCode() + "\"");
                send(ex, 200, p);
            }
        });
        console.start();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, DETECT);
        Path key = dir.resolve("console.key");
        Files.writeString(key, KEY + "\n");
        serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.getAddress().getPort(),
                        dir.resolve("events.jsonl")).policyFile(policy)
                        .consoleUrl("http://127.0.0.1:" + console.getAddress().getPort())
                        .consoleApiKeyFile(key).consoleSpoolDir(dir.resolve("spool")).consolePolicySync(true)
                        .consolePolicyPollInterval(Duration.ofSeconds(1)).build(), Map.of(),
                new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
        if (console != null) {
            console.stop(0);
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; log:\n" + logged);
            }
            Thread.sleep(50);
        }
    }

    private static int post(String body) throws Exception {
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serve.proxyPort() + "/notes"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @Test
    void eventsOfRealTrafficReachTheConsoleMaskedAndCounted() throws Exception {
        assertEquals(200, ServeTests.get("http://127.0.0.1:" + serve.proxyPort() + "/users").statusCode());
        await(() -> received.stream().anyMatch(l -> l.contains("credit_card")), "the card event at the console");
        JsonNode event = null;
        for (String line : received) {
            JsonNode e = ServeTests.JSON.readTree(line);
            event = ServeTests.hasFinding(e, "credit_card") ? e : event;
        }
        assertEquals("4111********1111", ServeTests.finding(event, "credit_card").path("preview").asText());
        assertFalse(String.join("\n", received).contains(CARD), "the console gets masked events only");
        assertEquals("Bearer " + KEY, authorizations.getFirst());
        assertFalse(logged.toString(StandardCharsets.UTF_8).contains(KEY));
        String scrape = new String(ServeTests.get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        assertTrue(ServeTests.metric(scrape, "sluice_console_events_sent_total") >= 1, scrape);
        assertEquals(0, ServeTests.metric(scrape, "sluice_console_events_dropped_total"));
    }

    /** A key file that cannot be read stops startup with the setting named; nothing is left running. */
    @Test
    void aMissingApiKeyFileIsAStartupErrorNamingTheSetting() {
        StartupException e = org.junit.jupiter.api.Assertions.assertThrows(StartupException.class,
                () -> ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.getAddress().getPort(),
                                dir.resolve("events-2.jsonl")).consoleUrl("http://127.0.0.1:1")
                                .consoleApiKeyFile(dir.resolve("no-such.key")).consoleSpoolDir(dir.resolve("spool-2"))
                                .build(), Map.of(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("console: NoSuchFileException"), e.getMessage());
    }

    @Test
    void aPolicyFromTheConsoleIsWrittenReloadedAndEnforced() throws Exception {
        String attack = "{\"note\":\"<script>alert(document.cookie)</script>\"}";
        assertEquals(200, post(attack), "detect mode: reported, let through");
        consolePolicy = ENFORCE;
        await(() -> statuses.stream().anyMatch(s -> s.contains("\"applied\":true")), "the policy applied");
        assertEquals(ENFORCE, Files.readString(dir.resolve("policy.yaml")));
        await(() -> {
            try {
                return post(attack) == 403;
            } catch (Exception e) {
                return false;
            }
        }, "the console's policy enforced after the reload");
        String scrape = new String(ServeTests.get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        assertEquals(1, ServeTests.metric(scrape, "sluice_console_policy_updates_total", "result=\"applied\""), scrape);
    }
}
