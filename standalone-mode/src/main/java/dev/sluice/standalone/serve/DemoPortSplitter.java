package dev.sluice.standalone.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loopback port in front of the demo's two servers, so that {@code sluice serve} needs one
 * {@code backend}: a connection that opens with the HTTP/2 connection preface (RFC 9113 §3.4;
 * Sluice sends gRPC, and its reflection lookups, over h2c with prior knowledge) is relayed to the
 * gRPC server, any other (HTTP/1.1 JSON) to the JDK HTTP server. It reads at most the preface's
 * 24 bytes to decide, then copies bytes both ways unchanged. A demo part, not a proxy to reuse.
 *
 * <p>Limits: {@value #MAX_CONNECTIONS} connections at once (more are closed on accept); the
 * preface within {@value #FIRST_BYTES_MILLIS} ms; a direction silent for {@value #IDLE_MILLIS} ms
 * closes the pair.
 */
final class DemoPortSplitter implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;
    static final int FIRST_BYTES_MILLIS = 5_000;
    static final int IDLE_MILLIS = 120_000;
    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int http1Port;
    private final int h2cPort;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private DemoPortSplitter(ServerSocket listener, int http1Port, int h2cPort) {
        this.listener = listener;
        this.http1Port = http1Port;
        this.h2cPort = h2cPort;
    }

    /** Listens on a free loopback port, relaying to the servers on {@code http1Port} and {@code h2cPort}. */
    static DemoPortSplitter start(int http1Port, int h2cPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        DemoPortSplitter splitter = new DemoPortSplitter(listener, http1Port, h2cPort);
        Thread.ofPlatform().daemon().name("sluice-demo-accept").start(splitter::accept);
        return splitter;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!slots.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            try {
                threads.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        slots.release();
                    }
                });
            } catch (RuntimeException e) { // shut down
                slots.release();
                closeQuietly(client);
            }
        }
    }

    private void serve(Socket client) {
        open.add(client);
        Socket server = null;
        try {
            client.setSoTimeout(FIRST_BYTES_MILLIS);
            byte[] head = new byte[H2_PREFACE.length];
            int n = 0;
            // Stop at the first byte that differs from the preface: an HTTP/1.1 request may be shorter.
            while (n < head.length && Arrays.mismatch(head, 0, n, H2_PREFACE, 0, n) < 0) {
                int r = client.getInputStream().read(head, n, head.length - n);
                if (r < 0) {
                    closeQuietly(client);
                    return;
                }
                n += r;
            }
            boolean h2 = n == head.length && Arrays.equals(head, H2_PREFACE);
            server = new Socket();
            open.add(server);
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), h2 ? h2cPort : http1Port),
                    FIRST_BYTES_MILLIS);
            server.getOutputStream().write(head, 0, n);
            client.setSoTimeout(IDLE_MILLIS);
            server.setSoTimeout(IDLE_MILLIS);
            Socket upstream = server;
            AtomicInteger ended = new AtomicInteger();
            threads.execute(() -> copy(upstream, client, ended));
            copy(client, server, ended);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /**
     * Copies until {@code from} ends, then half-closes {@code to}; the second direction of a pair to
     * end ({@code ended}) closes both sockets. An error or a silence closes both at once.
     */
    private void copy(Socket from, Socket to, AtomicInteger ended) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int r; (r = in.read(buf)) >= 0; ) {
                out.write(buf, 0, r);
            }
            to.shutdownOutput();
            if (ended.incrementAndGet() == 2) {
                closeQuietly(from);
                closeQuietly(to);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
