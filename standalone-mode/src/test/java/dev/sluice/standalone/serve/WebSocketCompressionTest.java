package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.finding;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.proxy.NoLeaks;
import dev.sluice.standalone.serve.DeflatingWebSocketClient.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code permessage-deflate} through {@code sluice serve}, seen on the wire: a raw client that
 * compresses with the JDK's zlib ({@link DeflatingWebSocketClient}) and, as the proxy answers
 * {@code server_no_context_takeover}, inflates each message it gets from an empty window (a
 * message that refers to the one before fails), the proxy under the policy of
 * {@link WebSocketServeTest} (cards redacted in responses, attacks blocked in requests, hold limit
 * 64 KiB), and Netty WebSocket servers upstream, one agreeing to compression and one not. The
 * proxy agrees with each side on its own, inflates every message to inspect it and deflates what it
 * sends on; with {@code proxy.websocket_compression: false} no compression is agreed.
 */
@ExtendWith(NoLeaks.class)
class WebSocketCompressionTest {
    private static final String CHROME_OFFER = "permessage-deflate; client_max_window_bits";
    private static final String PROXY_OFFER = "permessage-deflate; client_no_context_takeover";
    private static final int HOLD_LIMIT = 64 * 1024;

    @TempDir
    static Path dir;
    private static WebSocketUpstream compressing;
    private static WebSocketUpstream plain;
    private static ServeRuntime serve;
    private static ServeRuntime beforePlain;
    private static ServeRuntime compressionOff;
    private static Path events;

    @BeforeAll
    static void start() throws Exception {
        compressing = WebSocketUpstream.compressing();
        plain = new WebSocketUpstream();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, WebSocketServeTest.POLICY);
        events = dir.resolve("events.jsonl");
        serve = start(compressing, events, b -> b.policyFile(policy).maxHeldBodyBytes(HOLD_LIMIT));
        beforePlain = start(plain, dir.resolve("plain.jsonl"), UnaryOperator.identity());
        compressionOff = start(compressing, dir.resolve("off.jsonl"), b -> b.webSocketCompression(false));
    }

    private static ServeRuntime start(WebSocketUpstream upstream, Path events,
                                      UnaryOperator<SluiceConfig.Builder> tune)
            throws Exception {
        return ServeRuntime.start(tune.apply(ServeTests.config("http://127.0.0.1:" + upstream.port(), events)).build(),
                Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @BeforeEach
    void forgetEarlierMessages() {
        compressing.received.clear();
        compressing.extensionOffers.clear();
        plain.received.clear();
        plain.extensionOffers.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServeRuntime r : new ServeRuntime[] {serve, beforePlain, compressionOff}) {
            if (r != null) {
                r.close();
            }
        }
        compressing.close();
        plain.close();
    }

    @Test
    void bothSidesAgreeAndEveryMessageCrossesCompressed() throws Exception {
        try (DeflatingWebSocketClient ws = open(serve, CHROME_OFFER)) {
            assertEquals(101, ws.status);
            String agreed = ws.headers.get("sec-websocket-extensions");
            assertTrue(agreed.startsWith("permessage-deflate"), agreed);
            assertTrue(agreed.contains("server_no_context_takeover"), agreed);
            assertEquals(PROXY_OFFER, compressing.extensionOffers.poll(10, TimeUnit.SECONDS));
            assertCompressedText(WebSocketUpstream.GREETING, ws.next());
            // The client keeps its compression context: each message refers back to the ones before.
            for (int i = 0; i < 3; i++) {
                String note = "{\"note\":\"the same words again and again, message " + i + "\"}";
                ws.sendText(note, true);
                assertEquals(note, compressing.received.poll(10, TimeUnit.SECONDS));
                assertCompressedText(note, ws.next());
            }
        }
    }

    @Test
    void aCardInACompressedAnswerIsRedactedAndSentOnCompressed() throws Exception {
        try (DeflatingWebSocketClient ws = open(serve, CHROME_OFFER)) {
            ws.next();
            ws.sendText("cards", true);
            Message answer = ws.next();
            assertTrue(answer.compressed());
            JsonNode json = ServeTests.JSON.readTree(answer.text());
            assertEquals("************1111", json.path("card").asText());
            JsonNode event = awaitEvent(events, e -> hasFinding(e, "credit_card")
                    && e.path("exchangeId").asText().matches(".+\\.ws[0-9]+"));
            assertEquals("redact", finding(event, "credit_card").path("action").asText());
            assertFalse(Files.readString(events).contains("4111111111111111"));
        }
    }

    @Test
    void anAttackInACompressedMessageIsBlocked() throws Exception {
        try (DeflatingWebSocketClient ws = open(serve, CHROME_OFFER)) {
            ws.next();
            ws.sendText("{\"q\":\"0 UNION SELECT username, password FROM users--\"}", true);
            Message close = ws.next();
            assertEquals(DeflatingWebSocketClient.CLOSE, close.opcode());
            assertEquals(1008, close.closeStatus());
            assertTrue(close.closeReason().startsWith("blocked by policy, event "), close.closeReason());
            assertNull(compressing.received.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aFrameThatInflatesPastTheHoldLimitClosesItsSenderWith1009() throws Exception {
        // 16 MiB of zeros deflate to about 16 KiB: a small frame, a large message.
        byte[] bomb = rawDeflate(new byte[16 << 20]);
        assertTrue(bomb.length < HOLD_LIMIT, "the frame itself is within the limit");
        try (DeflatingWebSocketClient ws = open(serve, CHROME_OFFER)) {
            ws.next();
            ws.sendFrame(true, true, DeflatingWebSocketClient.TEXT, bomb);
            Message close = ws.next();
            assertEquals(DeflatingWebSocketClient.CLOSE, close.opcode());
            assertEquals(1009, close.closeStatus(), close.closeReason());
            assertNull(compressing.received.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aCorruptDeflateStreamClosesItsSenderWith1007() throws Exception {
        byte[] corrupt = new byte[64];
        Arrays.fill(corrupt, (byte) 0xff);
        try (DeflatingWebSocketClient ws = open(serve, CHROME_OFFER)) {
            ws.next();
            ws.sendFrame(true, true, DeflatingWebSocketClient.TEXT, corrupt);
            Message close = ws.next();
            assertEquals(DeflatingWebSocketClient.CLOSE, close.opcode());
            assertEquals(1007, close.closeStatus(), close.closeReason());
            assertNull(compressing.received.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aClientThatOffersNothingGetsPlainFramesAndTheUpstreamNoOffer() throws Exception {
        try (DeflatingWebSocketClient ws = open(serve, null)) {
            assertEquals(101, ws.status);
            assertNull(ws.headers.get("sec-websocket-extensions"));
            assertEquals("", compressing.extensionOffers.poll(10, TimeUnit.SECONDS));
            Message greeting = ws.next();
            assertFalse(greeting.compressed());
            assertEquals(WebSocketUpstream.GREETING, greeting.text());
            // Nothing was agreed, so the compression bit is a protocol error.
            ws.sendFrame(true, true, DeflatingWebSocketClient.TEXT, rawDeflate("hello".getBytes(StandardCharsets.UTF_8)));
            Message close = ws.next();
            assertEquals(1002, close.closeStatus(), close.closeReason());
        }
    }

    @Test
    void anUpstreamThatDeclinesLeavesOnlyTheClientsLinkCompressed() throws Exception {
        try (DeflatingWebSocketClient ws = open(beforePlain, CHROME_OFFER)) {
            assertTrue(ws.headers.get("sec-websocket-extensions").startsWith("permessage-deflate"));
            assertEquals(PROXY_OFFER, plain.extensionOffers.poll(10, TimeUnit.SECONDS));
            assertCompressedText(WebSocketUpstream.GREETING, ws.next());
            ws.sendText("hello there", true);
            assertEquals("hello there", plain.received.poll(10, TimeUnit.SECONDS));
            assertCompressedText("hello there", ws.next());
        }
    }

    @Test
    void withCompressionOffTheClientsOfferGoesNowhere() throws Exception {
        try (DeflatingWebSocketClient ws = open(compressionOff, CHROME_OFFER)) {
            assertEquals(101, ws.status);
            assertNull(ws.headers.get("sec-websocket-extensions"));
            assertEquals("", compressing.extensionOffers.poll(10, TimeUnit.SECONDS));
            ws.sendText("hello there", false);
            Message echo;
            do {
                echo = ws.next();
            } while (echo.text().equals(WebSocketUpstream.GREETING));
            assertFalse(echo.compressed());
            assertEquals("hello there", echo.text());
        }
    }

    private static DeflatingWebSocketClient open(ServeRuntime through, String offer) throws Exception {
        return new DeflatingWebSocketClient(through.proxyPort(), "/ws", offer);
    }

    private static void assertCompressedText(String expected, Message m) {
        assertEquals(DeflatingWebSocketClient.TEXT, m.opcode());
        assertTrue(m.compressed(), "the message came compressed");
        assertEquals(expected, m.text());
    }

    /** {@code bytes} as one permessage-deflate payload, on a fresh deflater. */
    private static byte[] rawDeflate(byte[] bytes) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            return DeflatingWebSocketClient.deflate(d, bytes);
        } finally {
            d.end();
        }
    }
}
