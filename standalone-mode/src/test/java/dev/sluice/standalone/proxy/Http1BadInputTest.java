package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile HTTP/1.1 written as raw bytes to the proxy: request smuggling shapes,
 * over-long lines and header blocks, a head trickled byte by byte. Each must get its status, the
 * connection must close, and the upstream (which records every byte it receives) must get nothing.
 * Heads the proxy rewrites before forwarding (obs-fold, an absolute-form target) are checked in
 * what the upstream receives.
 */
@ExtendWith(NoLeaks.class)
class Http1BadInputTest {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

    private static RecordingUpstream upstream;
    private static SidecarProxy proxy;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start();
        proxy = SidecarProxy.start(ProxyTests.config(upstream.url())
                .requestHeadTimeout(Duration.ofSeconds(1))
                .build(), PassThroughFilter.INSTANCE);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    @BeforeEach
    void primeThePoolAndClear() throws Exception {
        // A good request first, so that pooled upstream connections exist: a bad request must not
        // reach the upstream even when a connection to it is ready.
        String answer = Http1ProxyTest.exchangeRaw(proxy, "GET /control HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("ok"), answer);
        assertTrue(upstream.received().contains("GET /control HTTP/1.1\r\n"), upstream.received());
        upstream.clear();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("Transfer-Encoding and Content-Length", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("chunked not the last coding", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("Transfer-Encoding on HTTP/1.0", 400, "POST /a HTTP/1.0\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("conflicting Content-Lengths", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 4\r\nContent-Length: 40\r\n\r\nabcd" + SMUGGLED),
                Arguments.of("repeated Content-Length", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd" + SMUGGLED),
                Arguments.of("Content-Length list", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 4, 40\r\n\r\nabcd" + SMUGGLED),
                Arguments.of("signed Content-Length", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: +4\r\n\r\nabcd" + SMUGGLED),
                Arguments.of("obs-fold hiding Transfer-Encoding", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Length: 4\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("fold before the first field", 400, "GET /a HTTP/1.1\r\n Host: a\r\n\r\n"),
                Arguments.of("bare LF line endings", 400, "GET /a HTTP/1.1\nHost: a\n\n"),
                Arguments.of("bare LF inside the head", 400, "GET /a HTTP/1.1\r\nHost: a\nX-B: c\r\n\r\n"),
                Arguments.of("space before the colon", 400, "GET /a HTTP/1.1\r\nHost : a\r\n\r\n"),
                Arguments.of("invalid chunk size", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size overflow", 400, "POST /a HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("request line over 8 KiB", 414, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("one header field over 16 KiB", 431, "GET /a HTTP/1.1\r\nHost: a\r\nX-Big: "
                        + "b".repeat(17_000) + "\r\n\r\n"),
                Arguments.of("header block over 16 KiB", 431, "GET /a HTTP/1.1\r\nHost: a\r\n"
                        + ("X-Many: " + "m".repeat(500) + "\r\n").repeat(40) + "\r\n"),
                // Host and target (RequestHeadSyntax): each is a way to make a route and the
                // upstream read different hosts or paths.
                Arguments.of("two Host fields", 400, "GET /a HTTP/1.1\r\nHost: a\r\nHost: internal\r\n\r\n"),
                Arguments.of("one Host twice", 400, "GET /a HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"),
                Arguments.of("no Host on HTTP/1.1", 400, "GET /a HTTP/1.1\r\nX-B: c\r\n\r\n"),
                Arguments.of("Host with a path", 400, "GET /a HTTP/1.1\r\nHost: a/b\r\n\r\n"),
                Arguments.of("Host with userinfo", 400, "GET /a HTTP/1.1\r\nHost: u@a\r\n\r\n"),
                Arguments.of("Host with a bad port", 400, "GET /a HTTP/1.1\r\nHost: a:80x\r\n\r\n"),
                Arguments.of("Host with a long port", 400, "GET /a HTTP/1.1\r\nHost: a:123456\r\n\r\n"),
                Arguments.of("Host with an open bracket", 400, "GET /a HTTP/1.1\r\nHost: [::1\r\n\r\n"),
                Arguments.of("absolute form with userinfo", 400, "GET http://u@a/x HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("absolute form, other scheme", 400, "GET ftp://a/x HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("absolute form, no host", 400, "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("target without a slash", 400, "GET x/../a HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("asterisk on GET", 400, "GET * HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("fragment in the target", 400, "GET /a#/../b HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("CONNECT", 501, "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRefusedClosedAndNotForwarded(String shape, int status, String raw) throws Exception {
        // exchangeRaw reads until the proxy closes the connection (and fails after 10 s otherwise).
        String answer = Http1ProxyTest.exchangeRaw(proxy, raw);
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), shape + ": " + answer);
        assertEquals(1, Http1ProxyTest.count(answer, "HTTP/1.1 "), shape + ": one answer, then close: " + answer);
        assertNothingForwarded(shape);
    }

    /**
     * Targets and {@code Host} fields let through, and what the upstream gets for them: an
     * absolute-form target leaves as origin-form with its authority as the only {@code Host}
     * (RFC 9112 §3.2.2), so the upstream serves the host and path the route was chosen by.
     */
    static Stream<Arguments> forwarded() {
        return Stream.of(
                Arguments.of("absolute form: its authority replaces Host",
                        "GET http://Internal.acme.io:8443/v1/cards/1?x=1 HTTP/1.1\r\nHost: other\r\n",
                        "GET /v1/cards/1?x=1 HTTP/1.1\r\n", "Internal.acme.io:8443"),
                Arguments.of("absolute form without a path", "GET https://a HTTP/1.1\r\nHost: a\r\n",
                        "GET / HTTP/1.1\r\n", "a"),
                Arguments.of("absolute form with only a query", "GET HTTP://a?q=1 HTTP/1.1\r\nHost: a\r\n",
                        "GET /?q=1 HTTP/1.1\r\n", "a"),
                Arguments.of("absolute form of OPTIONS without a path", "OPTIONS http://a:80 HTTP/1.1\r\nHost: a\r\n",
                        "OPTIONS * HTTP/1.1\r\n", "a:80"),
                Arguments.of("absolute form on HTTP/1.0, no Host", "GET http://b/x HTTP/1.0\r\n",
                        "GET /x HTTP/1.1\r\n", "b"),
                Arguments.of("IPv6 literal", "GET /x HTTP/1.1\r\nHost: [::1]:8080\r\n",
                        "GET /x HTTP/1.1\r\n", "[::1]:8080"),
                Arguments.of("asterisk form of OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: a\r\n",
                        "OPTIONS * HTTP/1.1\r\n", "a"),
                Arguments.of("empty Host", "GET /x HTTP/1.1\r\nHost:\r\n", "GET /x HTTP/1.1\r\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwarded")
    void isForwardedInOriginFormWithOneHost(String shape, String head, String requestLine, String host)
            throws Exception {
        String answer = Http1ProxyTest.exchangeRaw(proxy, head + "Connection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 "), shape + ": " + answer);
        String received = upstream.receivedAfterSettling();
        assertTrue(received.startsWith(requestLine), shape + ": " + received);
        String lower = received.toLowerCase(Locale.ROOT);
        assertEquals(1, Http1ProxyTest.count(lower, "\r\nhost:"), shape + ": " + received);
        int value = lower.indexOf("\r\nhost:") + "\r\nhost:".length();
        assertEquals(host, received.substring(value, received.indexOf("\r\n", value)).strip(), shape + ": " + received);
    }

    @Test
    void obsFoldIsReplacedBySpaceBeforeForwarding() throws Exception {
        // RFC 9112 §5.2 lets a server either refuse obs-fold with 400 or replace it with SP before
        // forwarding; Netty's decoder does the latter, so no folded line ever reaches the upstream.
        // (The smuggling shape, a fold hiding Transfer-Encoding, is refused above.)
        String answer = Http1ProxyTest.exchangeRaw(proxy,
                "GET /a HTTP/1.1\r\nHost: a\r\nX-Note: one\r\n two\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        String forwarded = upstream.received();
        assertTrue(forwarded.contains("\r\nX-Note: one two\r\n"), forwarded);
        assertEquals(-1, forwarded.indexOf("\r\n "), forwarded);
    }

    @Test
    void headTricklingInIsCutOffWith408() throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            byte[] head = ("GET /slow HTTP/1.1\r\nHost: a\r\nX-Slow: " + "z".repeat(200)).getBytes(StandardCharsets.US_ASCII);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                // One byte every 50 ms, never idle: only the head timeout (1 s here) can end it.
                for (byte b : head) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(50);
                    if (in.available() > 0) {
                        break;
                    }
                }
            } catch (java.io.IOException closedWhileWriting) {
                // The proxy closed the connection: its answer is still readable.
            }
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 408 "), text);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 0.9 && seconds < 5, "closed after " + seconds + " s");
        assertNothingForwarded("slowloris");
    }

    @Test
    void silentConnectionIsClosedAfterTheHeadTimeout() throws Exception {
        long start = System.nanoTime();
        String answer = Http1ProxyTest.exchangeRaw(proxy, "");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        assertTrue(seconds >= 0.9 && seconds < 5, "closed after " + seconds + " s");
    }

    @Test
    void keptAliveConnectionWaitsLongerThanTheHeadTimeout() throws Exception {
        // The head timeout starts at the next request's first byte, not when the last one ended.
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write("GET /again HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String text = readThrough(in, "\r\n\r\nok");
                assertTrue(text.startsWith("HTTP/1.1 200 "), text);
                Thread.sleep(i == 0 ? 1500 : 0);
            }
        }
    }

    /** Reads until the text read ends with {@code end} (or the stream ends). */
    private static String readThrough(InputStream in, String end) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (int c; !text.toString().endsWith(end) && (c = in.read()) >= 0; ) {
            text.append((char) c);
        }
        return text.toString();
    }

    private static void assertNothingForwarded(String shape) throws InterruptedException {
        assertEquals("", upstream.receivedAfterSettling(), shape + ": the upstream received something");
    }
}
