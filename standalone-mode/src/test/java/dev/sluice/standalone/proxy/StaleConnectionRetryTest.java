package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The keep-alive race: the upstream closes a pooled connection, unanswered, as the next request
 * arrives on it. A request that may be repeated goes out once more on a new connection; any other
 * request, a second failure, or a body too long to keep answers 502.
 */
@ExtendWith(NoLeaks.class)
class StaleConnectionRetryTest {
    private ClosingUpstream upstream;
    private SidecarProxy proxy;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        upstream = ClosingUpstream.start();
        // One I/O thread: every exchange leases from the same pool, so the second one meets the
        // connection the first one returned.
        proxy = SidecarProxy.start(ProxyConfig.builder().listen("127.0.0.1", 0).upstream(upstream.url()).ioThreads(1)
                .connectTimeout(Duration.ofSeconds(2)).build(), PassThroughFilter.INSTANCE);
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void anIdempotentRequestGoesOutAgainOnANewConnection() throws Exception {
        assertEquals("200 answer 1 on connection 1", send("GET", "/first", null, null));
        assertEquals("200 answer 2 on connection 2", send("GET", "/second", null, null));
        assertEquals(List.of("GET /first #1", "GET /second #1", "GET /second #2"), upstream.requests());
        assertEquals(1, proxy.upstreamRetries());
    }

    @Test
    void aPutBodyIsSentAgainByteForByte() throws Exception {
        byte[] body = new byte[20_000];
        new Random(3).nextBytes(body);
        send("GET", "/warm", null, null);
        assertEquals("200 answer 2 on connection 2", send("PUT", "/doc", body, null));
        assertEquals(List.of("GET /warm #1", "PUT /doc #1", "PUT /doc #2"), upstream.requests());
        assertArrayEquals(body, upstream.lastBody());
    }

    @Test
    void aPostIsNotRepeatedUnlessItCarriesAnIdempotencyKey() throws Exception {
        send("GET", "/warm", null, null);
        byte[] body = "{\"order\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals("502 {\"error\":\"bad_gateway\"}", send("POST", "/orders", body, null));
        assertEquals(List.of("GET /warm #1", "POST /orders #1"), upstream.requests());

        send("GET", "/warm-again", null, null);
        assertEquals("200 answer 3 on connection 3", send("POST", "/orders", body, "order-1"));
        assertEquals(List.of("GET /warm #1", "POST /orders #1", "GET /warm-again #2", "POST /orders #2",
                "POST /orders #3"), upstream.requests());
        assertEquals(1, proxy.upstreamRetries());
    }

    @Test
    void aSecondUnansweredCloseIsNotRetried() throws Exception {
        send("GET", "/warm", null, null);
        upstream.answerNothing();
        assertEquals("502 {\"error\":\"bad_gateway\"}", send("GET", "/again", null, null));
        assertEquals(List.of("GET /warm #1", "GET /again #1", "GET /again #2"), upstream.requests());
        assertEquals(1, proxy.upstreamRetries());
    }

    @Test
    void aBodyLongerThanTheReplayLimitIsNotRepeated() throws Exception {
        send("GET", "/warm", null, null);
        byte[] body = new byte[RequestReplay.MAX_BODY_BYTES + 1];
        assertEquals("502 {\"error\":\"bad_gateway\"}", send("PUT", "/big", body, null));
        assertEquals(List.of("GET /warm #1", "PUT /big #1"), upstream.requests());
        assertEquals(0, proxy.upstreamRetries());
    }

    private String send(String method, String path, byte[] body, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    /**
     * An HTTP/1.1 upstream that answers only the first request of each connection and closes the
     * connection, unanswered, when a second request arrives on it, as a server closing an idle
     * connection does when the request crosses its close. After {@link #answerNothing()} it closes
     * every connection unanswered.
     */
    static final class ClosingUpstream extends SocketUpstream {
        private final AtomicInteger answers = new AtomicInteger();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private volatile byte[] lastBody = new byte[0];
        private volatile boolean answerNothing;

        private ClosingUpstream() {
            super("closing-upstream");
        }

        static ClosingUpstream start() {
            return new ClosingUpstream();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        byte[] lastBody() {
            return lastBody;
        }

        void answerNothing() {
            answerNothing = true;
        }

        @Override
        void serve(Socket s, int number) throws IOException {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int served = 0; ; served++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] line = head.substring(0, head.indexOf('\r')).split(" ");
                lastBody = in.readNBytes(contentLength(head));
                requests.add(line[0] + " " + line[1] + " #" + number);
                if (served > 0 || answerNothing) {
                    return; // closed unanswered
                }
                byte[] text = ("answer " + answers.incrementAndGet() + " on connection " + number)
                        .getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + text.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(text);
                out.flush();
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int match = 0;
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                match = b == "\r\n\r\n".charAt(match) ? match + 1 : b == '\r' ? 1 : 0;
                if (match == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
                if (head.size() > 16_384) {
                    return null;
                }
            }
            return null;
        }

        private static int contentLength(String head) {
            for (String h : head.split("\r\n")) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    return Integer.parseInt(h.substring(colon + 1).trim());
                }
            }
            return 0;
        }
    }
}
