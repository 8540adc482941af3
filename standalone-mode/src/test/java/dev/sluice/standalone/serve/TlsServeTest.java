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
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        upstream.createContext("/card", ex -> {
            byte[] body = CARD.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
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
}
