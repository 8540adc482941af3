package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Backpressure and clients that go away: a slow client slows the upstream down instead of
 * making the proxy buffer; a client that disconnects mid-body aborts the upstream exchange; a
 * client that stalls is cut off after the idle timeout. Buffers are checked for leaks.
 */
@ExtendWith(NoLeaks.class)
class BackpressureTest {
    private static final long FIFTY_MB = 50L * 1024 * 1024;
    /** Kernel socket buffers on three loopback sockets, plus the proxy's own high-water marks. */
    /**
     * Bytes between the upstream's writes and the stalled client: almost all of it sits in the
     * kernel's socket buffers of the three connections, which loopback autotuning grows to several
     * MB each on a busy machine (18.5 MB was seen in CI). What the proxy itself holds is checked
     * separately, through Netty's pooled memory in use.
     */
    private static final long MAX_IN_FLIGHT = 24L * 1024 * 1024;

    private static TestUpstream upstream;
    private static MarkerFilter filter;
    private static SidecarProxy proxy;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        filter = new MarkerFilter("[REDACTED]");
        proxy = SidecarProxy.start(ProxyTests.config(upstream.url()).idleTimeout(Duration.ofMillis(800)).build(),
                filter);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    @BeforeEach
    void clear() {
        filter.outcomes.clear();
    }

    @Test
    void slowClientThrottlesTheUpstreamInsteadOfFillingTheProxy() throws Exception {
        long writtenBefore = upstream.bigBytesWritten();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            s.setSoTimeout(10_000);
            send(s, "GET /big?bytes=" + FIFTY_MB + " HTTP/1.1\r\nHost: t\r\nx-test-response: pass\r\n\r\n");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16 * 1024];
            long read = 0;
            // Read 2 MB slowly, then stop reading and let the pipeline fill up.
            while (read < 2 * 1024 * 1024) {
                int n = in.read(buf);
                assertTrue(n > 0);
                read += n;
                LockSupport.parkNanos(200_000);
            }
            long sent = awaitStable(() -> upstream.bigBytesWritten() - writtenBefore);
            long inFlight = sent - read;
            long pooled = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
            System.out.printf("slow client: upstream wrote %,d bytes while the client had read %,d (in flight %,d,"
                    + " Netty direct memory in use %,d)%n", sent, read, inFlight, pooled);
            assertTrue(pooled < 8L * 1024 * 1024, "Netty buffers in use while stalled: " + pooled);
            assertTrue(inFlight < MAX_IN_FLIGHT, "proxy let " + inFlight + " bytes run ahead of a stalled client");
            assertTrue(sent < FIFTY_MB / 2, "the upstream must have been slowed down, wrote " + sent);
            // Now read the rest fast: everything arrives, exactly.
            long total = read;
            int n;
            while (total < FIFTY_MB + 1 && (n = in.read(buf)) > 0) {
                total += n;
                if (total >= FIFTY_MB) {
                    break;
                }
            }
            assertTrue(total >= FIFTY_MB, "read " + total);
        }
    }

    @Test
    void clientThatDisconnectsMidUploadAbortsTheUpstreamRequest() throws Exception {
        int abortedBefore = upstream.abortedUploads();
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            send(s, "POST /consume HTTP/1.1\r\nHost: t\r\nx-test-request: stream\r\nContent-Length: 10000000\r\n\r\n");
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 16; i++) {
                out.write(chunk);
            }
            out.flush();
            awaitTrue(() -> upstream.requests() > 0 && filter.outcomes.isEmpty());
            s.setSoLinger(true, 0);
        }
        assertTrue(upstream.awaitUploadAborted(20) || upstream.abortedUploads() > abortedBefore,
                "the upstream saw its request cut off");
        awaitTrue(() -> filter.outcomes.contains(ExchangeOutcome.CLIENT_ABORTED));
    }

    @Test
    void clientThatDisconnectsMidDownloadReleasesEverything() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            send(s, "GET /big?bytes=" + FIFTY_MB + " HTTP/1.1\r\nHost: t\r\nx-test-response: resizable\r\n\r\n");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < 1024 * 1024) {
                read += in.read(buf);
            }
            s.setSoLinger(true, 0);
        }
        awaitTrue(() -> filter.outcomes.contains(ExchangeOutcome.CLIENT_ABORTED));
        awaitTrue(() -> proxy.openConnections() == 0);
    }

    @Test
    void stalledClientIsCutOffAfterTheIdleTimeout() throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(32 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            send(s, "GET /big?bytes=" + FIFTY_MB + " HTTP/1.1\r\nHost: t\r\nx-test-response: pass\r\n\r\n");
            // Never read: the exchange makes no progress and must be aborted, not kept forever.
            awaitTrue(() -> filter.outcomes.contains(ExchangeOutcome.CLIENT_ABORTED));
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            long start = System.nanoTime();
            send(s, "GET /json/small.json HTTP/1.1\r\nHost: t\r\nx-test-response: pass\r\n\r\n");
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(all.toString(StandardCharsets.US_ASCII).endsWith("{\"ok\":true,\"items\":[1,2,3]}\n"));
            assertTrue(millis >= 700, "closed after " + millis + " ms, before the idle timeout");
        }
    }

    private static void send(Socket s, String head) throws IOException {
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Polls {@code value} until it stops changing for 300 ms (at most 10 s); returns it. */
    private static long awaitStable(java.util.function.LongSupplier value) {
        long last = value.getAsLong();
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 300_000_000L) {
                return now;
            }
        }
        return last;
    }

    static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            LockSupport.parkNanos(5_000_000);
        }
        assertEquals(true, condition.getAsBoolean());
    }
}
