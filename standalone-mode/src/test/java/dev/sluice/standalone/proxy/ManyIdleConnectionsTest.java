package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 2,000 kept-alive client connections through the proxy: each makes a request, all stay open
 * and idle together, then each makes a second request on its same connection.
 */
@ExtendWith(NoLeaks.class)
class ManyIdleConnectionsTest {
    private static final int CONNECTIONS = 2_000;
    private static final byte[] REQUEST = "GET /json/small.json HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void twoThousandIdleKeepAliveConnectionsAreHeldAndReused() throws Exception {
        // Each connection takes a descriptor on both ends, in this one process.
        assumeTrue(maxFileDescriptors() > 2L * CONNECTIONS + 500, "too few file descriptors: " + maxFileDescriptors());
        byte[] expected = TestUpstream.fixture("small.json");
        List<Socket> clients = new ArrayList<>(CONNECTIONS);
        try (TestUpstream upstream = TestUpstream.start();
             SidecarProxy proxy = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), PassThroughFilter.INSTANCE)) {
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket s = new Socket("127.0.0.1", proxy.port());
                    s.setSoTimeout(10_000);
                    clients.add(s);
                    assertArrayEquals(expected, exchange(s), "first request on connection " + i);
                }
                assertEquals(CONNECTIONS, proxy.openConnections(), "every connection is held open");
                for (int i = 0; i < CONNECTIONS; i++) {
                    assertArrayEquals(expected, exchange(clients.get(i)), "second request on connection " + i);
                }
                assertEquals(CONNECTIONS, proxy.openConnections(), "and still held after the second round");
                assertTrue(upstream.connections() < 100, "upstream connections are pooled: " + upstream.connections());
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }

    /** One request and its Content-Length body on a kept-alive connection; returns the body. */
    private static byte[] exchange(Socket s) throws IOException {
        s.getOutputStream().write(REQUEST);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(c);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        assertTrue(text.startsWith("http/1.1 200 "), text);
        int at = text.indexOf("content-length:");
        assertTrue(at > 0, text);
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).strip());
        return in.readNBytes(length);
    }

    private static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 0;
    }
}
