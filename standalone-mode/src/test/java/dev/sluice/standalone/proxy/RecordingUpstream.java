package dev.sluice.standalone.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare HTTP/1.1 upstream on blocking sockets that records every byte that reached it, for tests
 * that must show that nothing was forwarded. It answers {@code 200 ok} to each request head it
 * sees (bodies are not expected), which is all a control request needs.
 */
final class RecordingUpstream extends SocketUpstream {
    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_RECORDED = 1 << 20;

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RecordingUpstream() {
        super("recording-upstream");
    }

    static RecordingUpstream start() {
        return new RecordingUpstream();
    }

    /** Everything received so far, on every connection, as ISO-8859-1 text. */
    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** What was received, once anything the proxy had already sent has had time to arrive. */
    String receivedAfterSettling() throws InterruptedException {
        Thread.sleep(100);
        return received();
    }

    void clear() {
        synchronized (received) {
            received.reset();
        }
    }

    @Override
    void serve(Socket s, int number) throws IOException {
        try (InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[8192];
            int endMatch = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (received) {
                    if (received.size() < MAX_RECORDED) {
                        received.write(buf, 0, n);
                    }
                }
                for (int i = 0; i < n; i++) {
                    endMatch = buf[i] == "\r\n\r\n".charAt(endMatch) ? endMatch + 1 : buf[i] == '\r' ? 1 : 0;
                    if (endMatch == 4) {
                        endMatch = 0;
                        out.write(ANSWER);
                        out.flush();
                    }
                }
            }
        }
    }
}
