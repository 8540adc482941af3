package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.finding;
import static dev.sluice.standalone.serve.ServeTests.get;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static dev.sluice.standalone.serve.ServeTests.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.standalone.proxy.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket through {@code sluice serve}, end to end over real sockets: Java's WebSocket client,
 * the proxy under a policy that redacts cards in responses and blocks attacks in requests, and a
 * Netty WebSocket server upstream ({@link WebSocketUpstream}). Messages are inspected as bodies of
 * their direction's route, each reported under its own id. No Netty buffer may leak.
 */
@ExtendWith(NoLeaks.class)
class WebSocketServeTest {
    static final String POLICY = """
            version: 1
            mode: enforce
            defaults:
              actions:
                pii: alert
                secret: alert
                attack: alert
              request:
                attack: block
                credit_card: {action: redact, mask: keep_last_4}
              response:
                credit_card: {action: redact, mask: keep_last_4}
            """;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static WebSocketUpstream upstream;
    private static ServeRuntime serve;
    private static Path events;

    @BeforeAll
    static void start() throws Exception {
        upstream = new WebSocketUpstream();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        events = dir.resolve("events.jsonl");
        serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.port(), events)
                        .policyFile(policy).build(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @BeforeEach
    void forgetEarlierMessages() {
        upstream.received.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        ServeTests.stop(serve, upstream);
    }

    @Test
    void messagesWithoutFindingsCrossUntouchedBothWays() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        // The greeting leaves the upstream right behind its 101.
        assertEquals(WebSocketUpstream.GREETING, inbox.next());
        ws.sendText("hello there", true).get(10, TimeUnit.SECONDS);
        assertEquals("hello there", inbox.next());
        assertEquals("hello there", upstream.received.poll(10, TimeUnit.SECONDS));
        ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}), true).get(10, TimeUnit.SECONDS);
        assertEquals(new String(new byte[] {0, 1, 2, (byte) 0xff}, StandardCharsets.ISO_8859_1),
                upstream.received.poll(10, TimeUnit.SECONDS));
        assertEquals(4, inbox.nextBinary().length);
        closeCleanly(ws, inbox);
    }

    @Test
    void aFragmentedMessageIsOneMessageUpstream() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        inbox.next();
        ws.sendText("{\"note\":\"in ", false).get(10, TimeUnit.SECONDS);
        ws.sendText("two parts\"}", true).get(10, TimeUnit.SECONDS);
        assertEquals("{\"note\":\"in two parts\"}", upstream.received.poll(10, TimeUnit.SECONDS));
        assertEquals("{\"note\":\"in two parts\"}", inbox.next());
        closeCleanly(ws, inbox);
    }

    @Test
    void aCardFromTheUpstreamIsRedactedAndTheMessageReported() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        inbox.next();
        ws.sendText("cards", true).get(10, TimeUnit.SECONDS);
        String message = inbox.next();
        JsonNode json = ServeTests.JSON.readTree(message);
        assertEquals("Alice", json.path("name").asText());
        assertEquals("************1111", json.path("card").asText());
        assertFalse(message.contains("4111111111111111"));
        JsonNode event = awaitEvent(events, e -> hasFinding(e, "credit_card")
                && e.path("exchangeId").asText().matches(".+\\.ws[0-9]+"));
        assertEquals("response", event.path("direction").asText());
        assertEquals(101, event.path("status").asInt());
        assertEquals("redact", finding(event, "credit_card").path("action").asText());
        assertFalse(Files.readString(events).contains("4111111111111111"));
        closeCleanly(ws, inbox);
    }

    /**
     * A realtime API's answer streamed a few bytes per message: the card no message holds whole
     * is found in the message that completes it, reported under that message's id, and the part
     * that message carries is masked; the messages before it had left.
     */
    @Test
    void aCardStreamedAcrossMessagesIsFoundAndItsLastPieceMasked() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        inbox.next();
        ws.sendText("stream", true).get(10, TimeUnit.SECONDS);
        List<String> deltas = new ArrayList<>();
        for (int i = 0; i < WebSocketUpstream.STREAMED.size(); i++) {
            deltas.add(delta(inbox.next()));
        }
        assertEquals(List.of("Your card is 4111", " 1111 ", "1111 11", "**, thanks"), deltas);
        JsonNode event = awaitEvent(events, e -> hasFinding(e, "credit_card")
                && finding(e, "credit_card").path("path").asText().equals("$.delta"));
        assertTrue(event.path("exchangeId").asText().matches(".+\\.ws[0-9]+"), event.toString());
        assertEquals("response", event.path("direction").asText());
        assertEquals("redact", finding(event, "credit_card").path("action").asText());
        closeCleanly(ws, inbox);
    }

    /**
     * The client's messages are held for a verdict (attacks block requests): a card streamed
     * across them is found when the third is read, and the second reading that rewrites the held
     * message joins it to the two before as the first did, so its piece is masked upstream.
     */
    @Test
    void aHeldMessageIsRewrittenJoinedToTheMessagesBeforeIt() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        inbox.next();
        List<String> upstreamDeltas = new ArrayList<>();
        for (String piece : new String[] {"pay with 5500", " 0000 0000", " 0004 now"}) {
            ws.sendText(WebSocketUpstream.realtimeDelta(piece), true).get(10, TimeUnit.SECONDS);
            upstreamDeltas.add(delta(upstream.received.poll(10, TimeUnit.SECONDS)));
        }
        assertEquals(List.of("pay with 5500", " 0000 0000", "***** now"), upstreamDeltas);
        JsonNode event = awaitEvent(events, e -> "request".equals(e.path("direction").asText())
                && hasFinding(e, "credit_card"));
        assertEquals("redact", finding(event, "credit_card").path("action").asText());
        closeCleanly(ws, inbox);
    }

    @Test
    void anAttackFromTheClientClosesBothSidesWithPolicyViolation() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        inbox.next();
        ws.sendText("{\"q\":\"0 UNION SELECT username, password FROM users--\"}", true).get(10, TimeUnit.SECONDS);
        assertEquals(1008, inbox.closed.get(10, TimeUnit.SECONDS));
        assertTrue(inbox.closeReason.startsWith("blocked by policy, event "), inbox.closeReason);
        String eventId = inbox.closeReason.substring("blocked by policy, event ".length());
        JsonNode event = awaitEvent(events, e -> e.path("exchangeId").asText().equals(eventId));
        assertEquals("block", event.path("action").asText());
        assertEquals("request", event.path("direction").asText());
        assertTrue(hasFinding(event, "attack.sqli"), event.toString());
        // The message never reached the upstream.
        assertNull(upstream.received.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void pingsAndPongsPass() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        inbox.next();
        ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        assertEquals("are you there", inbox.pongs.poll(10, TimeUnit.SECONDS));
        closeCleanly(ws, inbox);
    }

    @Test
    void anUpgradeTheUpstreamRefusesIsAnOrdinaryAnswer() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> open("/elsewhere", new Inbox()));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(404, refused.getResponse().statusCode());
    }

    @Test
    void upgradesAreCounted() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws", inbox);
        inbox.next();
        String scrape = new String(get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        assertTrue(metric(scrape, "sluice_websocket_upgrades_total") >= 1, scrape);
        closeCleanly(ws, inbox);
    }

    /** The text piece of a Realtime text delta event. */
    private static String delta(String event) throws java.io.IOException {
        JsonNode json = ServeTests.JSON.readTree(event);
        assertEquals("response.text.delta", json.path("type").asText(), event);
        return json.path("delta").asText();
    }

    private static WebSocket open(String path, Inbox inbox) {
        return open(serve, path, inbox);
    }

    /** A WebSocket to {@code path} through {@code serve}, its messages going to {@code inbox}. */
    static WebSocket open(ServeRuntime serve, String path, Inbox inbox) {
        return ServeTests.CLIENT.newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + serve.proxyPort() + path), inbox).join();
    }

    /** The client closes with 1000; the upstream's close comes back through the proxy. */
    private static void closeCleanly(WebSocket ws, Inbox inbox) throws Exception {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertEquals(WebSocket.NORMAL_CLOSURE, inbox.closed.get(10, TimeUnit.SECONDS));
    }

    /** What the client received: whole text and binary messages, pongs, and the close. */
    static final class Inbox implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String closeReason;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        String next() throws InterruptedException {
            Object m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertInstanceOf(String.class, m, "a text message");
            return (String) m;
        }

        byte[] nextBinary() throws InterruptedException {
            Object m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertInstanceOf(byte[].class, m, "a binary message");
            return (byte[]) m;
        }

        @Override
        public CompletableFuture<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onPong(WebSocket ws, ByteBuffer message) {
            byte[] b = new byte[message.remaining()];
            message.get(b);
            pongs.add(new String(b, StandardCharsets.UTF_8));
            ws.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
