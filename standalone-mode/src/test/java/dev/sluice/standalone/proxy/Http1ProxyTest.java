package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.standalone.proxy.spi.HttpProtocol;
import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 through the proxy with curl and raw sockets, to a real streaming upstream. */
@ExtendWith(NoLeaks.class)
class Http1ProxyTest {
    private static TestUpstream upstream;
    private static SidecarProxy proxy;
    private static SidecarProxy restricted;
    private static SidecarProxy limited;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        proxy = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), PassThroughFilter.INSTANCE);
        restricted = SidecarProxy.start(ProxyTests.config(upstream.url())
                .allowedMethods(List.of("GET", "POST"))
                .allowedRequestContentTypes(List.of("application/json"))
                .allowedHttpVersions(List.of(HttpProtocol.HTTP_1_1))
                .build(), PassThroughFilter.INSTANCE);
        limited = SidecarProxy.start(ProxyTests.config(upstream.url()).maxRequestBodyBytes(4096).build(),
                PassThroughFilter.INSTANCE);
    }

    @AfterAll
    static void stop() {
        restricted.close();
        limited.close();
        proxy.close();
        upstream.close();
    }

    private static String url(SidecarProxy p, String path) {
        return "http://127.0.0.1:" + p.port() + path;
    }

    @Test
    void benignJsonPassesByteIdentical() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        Cli.Result r = Cli.run(List.of("curl", "-sS", "--fail", url(proxy, "/json/users.json")));
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(TestUpstream.fixture("users.json"), r.out());
    }

    @Test
    void chunkedUploadStreamsThroughAndBack() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        byte[] body = new byte[300_000];
        new Random(11).nextBytes(body);
        Path file = Files.write(tmp.resolve("up.bin"), body);
        Cli.Result r = Cli.run(List.of("curl", "-sS", "--fail", "-H", "Transfer-Encoding: chunked",
                "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + file, url(proxy, "/echo")));
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(body, r.out());
    }

    @Test
    void expectContinueIsAnsweredAndBodyForwarded() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        byte[] body = new byte[70_000];
        new Random(12).nextBytes(body);
        Path file = Files.write(tmp.resolve("expect.bin"), body);
        Cli.Result r = Cli.run(List.of("curl", "-sS", "-v", "--fail", "-H", "Expect: 100-continue",
                "--expect100-timeout", "10", "--data-binary", "@" + file, url(proxy, "/consume")));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("HTTP/1.1 100 Continue"), r.err());
        assertEquals("70000", r.text());
        assertFalse(upstream.lastHeaders().containsKey("expect"), "the proxy answers Expect itself");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String requests = "GET /json/small.json HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /status/404 HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /chunks?part=third-&part=answer HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        String all = exchangeRaw(proxy, requests);
        int first = all.indexOf("{\"ok\":true");
        int second = all.indexOf("HTTP/1.1 404");
        int third = all.indexOf("third-");
        assertTrue(first > 0 && second > first && third > second, all);
        assertEquals(3, count(all, "HTTP/1.1 "), all);
    }

    /**
     * A client that shuts its sending side after its requests (half-close, as {@code nc -N} and
     * scripted checks do) still gets every answer, in order, and then the proxy closes. A request
     * cut short by the shutdown is refused rather than forwarded as if whole.
     */
    @Test
    void halfClosedClientStillGetsItsAnswers() throws Exception {
        String all = exchangeHalfClosed(proxy, "GET /json/small.json HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /chunks?part=second-&part=answer HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(2, count(all, "HTTP/1.1 200"), all);
        assertTrue(all.indexOf("{\"ok\":true") < all.indexOf("second-"), all);
        assertTrue(exchangeHalfClosed(proxy, "").isEmpty(), "nothing sent, nothing answered");
        String cut = exchangeHalfClosed(proxy, "POST /consume HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        assertFalse(cut.startsWith("HTTP/1.1 200"), cut);
        String behind = exchangeHalfClosed(proxy, "GET /json/small.json HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /consume HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        assertEquals(1, count(behind, "HTTP/1.1 "), behind);
        assertTrue(behind.startsWith("HTTP/1.1 200"), behind);
    }

    /** Writes {@code requests}, shuts the socket's output and reads until the proxy closes. */
    private static String exchangeHalfClosed(SidecarProxy p, String requests) throws IOException {
        try (Socket s = new Socket("127.0.0.1", p.port())) {
            s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            s.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.shutdownOutput();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void hopByHopFieldsGoAndForwardedFieldsCome() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        Cli.Result r = Cli.run(List.of("curl", "-sS", "--fail", "-H", "Connection: keep-alive, X-Drop",
                "-H", "X-Drop: secret", "-H", "Keep-Alive: timeout=5", "-H", "X-Forwarded-For: 203.0.113.9",
                "-H", "Proxy-Authorization: Basic Zm9vOmJhcg==", url(proxy, "/headers")));
        assertEquals(0, r.exit(), r.err());
        String seen = r.text();
        assertTrue(seen.contains("x-forwarded-for: 203.0.113.9, 127.0.0.1\n"), seen);
        assertTrue(seen.contains("x-forwarded-proto: http\n"), seen);
        assertTrue(seen.contains("host: 127.0.0.1:" + proxy.port() + "\n"), seen);
        assertFalse(seen.contains("x-drop"), seen);
        assertFalse(seen.contains("keep-alive"), seen);
        assertFalse(seen.contains("proxy-authorization"), seen);
    }

    @Test
    void sequentialRequestsReuseOneUpstreamConnection() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        int before = upstream.connections();
        String u = url(proxy, "/json/small.json");
        Cli.Result r = Cli.run(List.of("curl", "-sS", "--fail", u, u, u, u, u));
        assertEquals(0, r.exit(), r.err());
        assertEquals(5, count(r.text(), "\"ok\":true"));
        assertTrue(upstream.connections() - before <= 1, "pooled: " + (upstream.connections() - before));
    }

    @Test
    void http10ClientGetsACloseDelimitedBody() throws Exception {
        String all = exchangeRaw(proxy, "GET /chunks?part=one-&part=two HTTP/1.0\r\n\r\n");
        assertTrue(all.startsWith("HTTP/1.1 200"), all);
        assertFalse(all.toLowerCase().contains("transfer-encoding"), all);
        assertTrue(all.endsWith("\r\n\r\none-two"), all);
    }

    @Test
    void restrictedMethodsTypesAndVersionsAreRefused() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        assertEquals("405", status(List.of("-X", "DELETE", url(restricted, "/status/200"))));
        assertEquals("415", status(List.of("-H", "Content-Type: text/plain", "--data", "x",
                url(restricted, "/consume"))));
        assertEquals("505", status(List.of("--http1.0", url(restricted, "/status/200"))));
        assertEquals("200", status(List.of("-H", "Content-Type: application/json; charset=utf-8", "--data", "{}",
                url(restricted, "/consume"))));
    }

    /**
     * {@code proxy.max_request_body_bytes}: a body declared longer is refused with 413 before the
     * upstream is called; one that streams past it without a length (chunked, HTTP/2) is cut there
     * and refused; one of exactly the limit passes.
     */
    @Test
    void aRequestBodyOverTheLimitGets413() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        Path over = Files.write(tmp.resolve("over.bin"), new byte[4097]);
        Path at = Files.write(tmp.resolve("at.bin"), new byte[4096]);
        int requests = upstream.requests();
        assertEquals("413", status(List.of("--data-binary", "@" + over, url(limited, "/consume"))));
        assertEquals(requests, upstream.requests(), "a declared length over the limit never reaches the upstream");
        assertEquals("413", status(List.of("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + over,
                url(limited, "/consume"))));
        assertEquals("413", status(List.of("--http2-prior-knowledge", "-H", "Content-Length:", "--data-binary",
                "@" + over, url(limited, "/consume"))));
        assertEquals("200", status(List.of("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + at,
                url(limited, "/consume"))));
        assertEquals("200", status(List.of("--http2-prior-knowledge", "--data-binary", "@" + at,
                url(limited, "/consume"))));
        assertEquals("200", status(List.of(url(limited, "/status/200"))));
    }

    @Test
    void malformedRequestGets400AndClose() throws Exception {
        String all = exchangeRaw(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n");
        assertTrue(all.startsWith("HTTP/1.1 400"), all);
    }

    private static String status(List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}"));
        cmd.addAll(args);
        return Cli.run(cmd).text();
    }

    /** Writes {@code requests} at once and reads until the proxy closes the connection. */
    static String exchangeRaw(SidecarProxy p, String requests) throws IOException {
        try (Socket s = new Socket("127.0.0.1", p.port())) {
            s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            s.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static int count(String hay, String needle) {
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
