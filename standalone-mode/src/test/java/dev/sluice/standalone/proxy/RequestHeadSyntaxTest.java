package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request targets and {@code Host} fields the proxy lets through, and what the upstream gets for
 * them: an absolute-form target leaves as origin-form with its authority as the only
 * {@code Host} (RFC 9112 §3.2.2), so the upstream serves the host and path the route was chosen
 * by. The refused shapes are in {@link Http1BadInputTest}.
 */
@ExtendWith(NoLeaks.class)
class RequestHeadSyntaxTest {
    private static RecordingUpstream upstream;
    private static SidecarProxy proxy;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start();
        proxy = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), PassThroughFilter.INSTANCE);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    @BeforeEach
    void clear() {
        upstream.clear();
    }

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
}
