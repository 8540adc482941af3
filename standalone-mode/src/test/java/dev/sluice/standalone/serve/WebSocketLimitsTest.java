package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.standalone.config.ProxyTimeout;
import dev.sluice.standalone.proxy.NoLeaks;
import dev.sluice.standalone.serve.WebSocketServeTest.Inbox;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a WebSocket tunnel through {@code sluice serve} ends when something runs out: the idle
 * timeout (1 s here), a frame over the hold limit (4 KiB here), an upstream that drops the
 * connection without a close frame. Embedded default policy; real sockets on both sides.
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

    private static WebSocket open(Inbox inbox) {
        return WebSocketServeTest.open(serve, "/ws", inbox);
    }
}
