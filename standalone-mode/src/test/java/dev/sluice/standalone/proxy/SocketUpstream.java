package dev.sluice.standalone.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted upstream on blocking loopback sockets, for tests that need an upstream to misbehave
 * in exact ways: each accepted connection is served by {@link #serve} on its own virtual thread.
 */
abstract class SocketUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    SocketUpstream(String name) {
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name(name).start(this::acceptLoop);
    }

    /** Serves one connection, numbered from 1 in the order they were accepted; closes nothing. */
    abstract void serve(Socket s, int number) throws IOException;

    final String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    final int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int number = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        serve(s, number);
                    } catch (IOException e) {
                        // the proxy closed or reset the connection
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
