package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static dev.sluice.standalone.serve.ServeTests.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.proxy.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} terminating mutual TLS: the policy still inspects and redacts, and the
 * client certificate's SPIFFE ID names the source service in events, ahead of any header a
 * client could write; a WebSocket over TLS ({@code wss://}) is inspected message by message.
 */
class TlsServeTest {
    private static final String CARD = "{\"owner\":\"Alice\",\"card\":\"4111111111111111\"}";

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static HttpServer upstream;
    private static ServeRuntime serve;
    private static Path events;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        events = dir.resolve("events.jsonl");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/card", ex -> ServeTests.respondJson(ex, CARD));
        upstream.start();
        serve = ServeTests.serveDefault(upstream.getAddress().getPort(), events, b -> b
                .tlsCertFile(pki.serverCertPem).tlsKeyFile(pki.serverKeyPem).tlsClientCaFile(pki.caPem));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    @Test
    void theClientCertificateNamesTheSourceAndTheCardIsStillRedacted() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(true))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + serve.proxyPort() + "/card"))
                .header("x-source-service", "someone-else").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertFalse(r.body().contains("4111111111111111"), r.body());
        assertTrue(r.body().contains("1111"), r.body());
        JsonNode event = awaitEvent(events, e -> hasFinding(e, "credit_card"));
        assertEquals("checkout.shop", event.path("sourceService").asText(), event.toString());
    }

    @Test
    void aWebSocketOverTlsIsInspectedAsInCleartext() throws Exception {
        try (WebSocketUpstream wsUpstream = new WebSocketUpstream()) {
            ServeRuntime wss = ServeTests.serveDefault(wsUpstream.port(), dir.resolve("ws-events.jsonl"), b -> b
                    .tlsCertFile(pki.serverCertPem).tlsKeyFile(pki.serverKeyPem).tlsClientCaFile(pki.caPem));
            try {
                HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(true))
                        .connectTimeout(Duration.ofSeconds(5)).build();
                WebSocketServeTest.Inbox inbox = new WebSocketServeTest.Inbox();
                WebSocket ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create("wss://localhost:" + wss.proxyPort() + "/ws"), inbox).join();
                assertEquals(WebSocketUpstream.GREETING, inbox.next());
                ws.sendText("cards", true).get(10, TimeUnit.SECONDS);
                String message = inbox.next();
                assertTrue(message.contains("1111") && !message.contains("4111111111111111"), message);
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
                assertEquals(WebSocket.NORMAL_CLOSURE, inbox.closed.get(10, TimeUnit.SECONDS));
            } finally {
                wss.close();
            }
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedInTheHandshakeAndCounted() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(false))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + serve.proxyPort() + "/card")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double failures;
        do {
            String scrape = new String(ServeTests.get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                    StandardCharsets.UTF_8);
            failures = metric(scrape, "sluice_tls_handshake_failures_total");
        } while (failures < 1 && System.nanoTime() < deadline);
        assertTrue(failures >= 1, "failed handshakes: " + failures);
    }

    @Test
    void renewedCertificatesAreReloadedLoggedCountedAndTheirExpiryExported() throws Exception {
        Path cert = Files.copy(pki.serverCertPem, dir.resolve("renewing.crt"));
        Path key = Files.copy(pki.serverKeyPem, dir.resolve("renewing.key"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServeRuntime renewing = ServeRuntime.start(ServeTests.config("http://127.0.0.1:"
                        + upstream.getAddress().getPort(), dir.resolve("renewing-events.jsonl"))
                .tlsCertFile(cert).tlsKeyFile(key).tlsReloadInterval(Duration.ofSeconds(1)).build(), Map.of(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            String admin = "http://127.0.0.1:" + renewing.adminPort() + "/metrics";
            System.gc(); // Micrometer holds a gauge's state weakly unless told otherwise: it must survive this
            String first = awaitScrape(admin, s -> s.contains("sluice_tls_reloads_total"));
            double firstExpiry = metric(first, "sluice_tls_certificate_expiry_timestamp_seconds", "side=\"listener\"");
            assertTrue(Math.abs(firstExpiry - Instant.now().plus(1, ChronoUnit.DAYS).getEpochSecond()) < 600,
                    "the test certificate expires in a day: " + firstExpiry);
            assertEquals(0, metric(first, "sluice_tls_reloads_total", "side=\"listener\""));

            Instant renewedUntil = Instant.now().plus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            String[] renewed = pki.newServerCertificate(renewedUntil, false);
            Files.writeString(key, renewed[1]); // the key first: until the certificate follows, the pair fails
            Files.writeString(cert, renewed[0]);
            String scrape = awaitScrape(admin, s -> metric(s, "sluice_tls_reloads_total", "result=\"success\"") == 1);
            assertEquals(renewedUntil.getEpochSecond(),
                    metric(scrape, "sluice_tls_certificate_expiry_timestamp_seconds", "side=\"listener\""));
            HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(false))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + renewing.proxyPort() + "/card")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(renewedUntil, ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0])
                    .getNotAfter().toInstant());
            assertFalse(r.body().contains("4111111111111111"), r.body());

            Files.writeString(cert, "not a certificate");
            awaitScrape(admin, s -> metric(s, "sluice_tls_reloads_total", "result=\"failure\"") >= 1);
            String lines = log.toString(StandardCharsets.UTF_8);
            assertTrue(lines.contains("sluice: TLS listener files reloaded for new connections: certificate CN=localhost,"
                    + " valid until " + renewedUntil), lines);
            assertTrue(lines.contains("sluice: TLS listener files changed but cannot be used, keeping the ones in use: "
                    + "certificate file: " + cert + " holds no PEM certificate"), lines);
        } finally {
            renewing.close();
        }
    }

    /** The admin endpoint's scrape once {@code ready} accepts it (10 s at most). */
    private static String awaitScrape(String url, java.util.function.Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String scrape;
        do {
            scrape = new String(ServeTests.get(url).body(), StandardCharsets.UTF_8);
            if (ready.test(scrape)) {
                return scrape;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the scrape never got there:\n" + scrape);
    }
}
