package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.standalone.config.ProxyTimeout;
import dev.sluice.standalone.proxy.NoLeaks;
import dev.sluice.standalone.serve.WebSocketServeTest.Inbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a WebSocket tunnel through {@code sluice serve} ends when something runs out or breaks: the
 * idle timeout (1 s here), a frame over the hold limit (4 KiB here), an upstream that drops the
 * connection without a close frame, random bytes after the handshake. Embedded default policy;
 * real sockets on both sides.
 */
@ExtendWith(NoLeaks.class)
class WebSocketLimitsTest {
    @TempDir
    static Path dir;
    private static WebSocketUpstream upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        upstream = new WebSocketUpstream();
        serve = ServeTests.serveDefault(upstream.port(), dir.resolve("events.jsonl"),
                b -> b.maxHeldBodyBytes(4096).proxyTimeout(ProxyTimeout.IDLE, Duration.ofSeconds(1)));
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
    void aQuietTunnelClosesBothWaysAfterTheIdleTimeout() throws Exception {
        Inbox inbox = new Inbox();
        open(inbox);
        inbox.next();
        assertEquals(1001, inbox.closed.get(10, TimeUnit.SECONDS));
        assertEquals("idle timeout", inbox.closeReason);
    }

    @Test
    void aFrameOverTheHoldLimitClosesItsSenderWith1009() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open(inbox);
        inbox.next();
        ws.sendText("x".repeat(10_000), true);
        assertEquals(1009, inbox.closed.get(10, TimeUnit.SECONDS));
        assertNull(upstream.received.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void anUpstreamThatDropsTheConnectionIsReportedAsGone() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open(inbox);
        inbox.next();
        ws.sendText("drop", true);
        assertEquals(1001, inbox.closed.get(10, TimeUnit.SECONDS));
        assertEquals("upstream went away", inbox.closeReason);
    }

    /**
     * Seeded random bytes after a real handshake (raw frames: masked or not, any opcode, length
     * and reserved bits): the tunnel must end the connection within the wait, leak nothing, and
     * the proxy must go on serving WebSockets.
     */
    @RepeatedTest(20)
    void garbageAfterTheHandshakeEndsTheConnection(RepetitionInfo run) throws Exception {
        Random random = new Random(run.getCurrentRepetition());
        try (Socket s = new Socket("127.0.0.1", serve.proxyPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            try {
                out.write(garbage);
                out.flush();
            } catch (IOException closedAlready) {
                // The proxy may close before all of it is written.
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            try {
                while (in.read() >= 0) {
                    assertTrue(System.nanoTime() < deadline, "the connection stayed open");
                }
            } catch (SocketTimeoutException e) {
                fail("the connection stayed open and silent for 5 s");
            } catch (IOException reset) {
                // Ended by a reset: ended all the same.
            }
        }
        Inbox inbox = new Inbox();
        WebSocket ws = open(inbox);
        assertEquals(WebSocketUpstream.GREETING, inbox.next());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static WebSocket open(Inbox inbox) {
        return WebSocketServeTest.open(serve, "/ws", inbox);
    }
}
