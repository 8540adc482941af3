package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.net.ServerSocket;
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

/**
 * h2c clients through the proxy to an HTTP/1.1 upstream: nghttp and curl by prior knowledge and
 * by {@code Upgrade: h2c}, uploads, redaction and blocks over HTTP/2, and a short h2load run.
 */
@ExtendWith(NoLeaks.class)
class Http2ProxyTest {
    private static TestUpstream upstream;
    private static SidecarProxy plain;
    private static SidecarProxy filtered;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        plain = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), PassThroughFilter.INSTANCE);
        filtered = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), new MarkerFilter("[REDACTED]"));
    }

    @AfterAll
    static void stop() {
        filtered.close();
        plain.close();
        upstream.close();
    }

    private static String url(SidecarProxy p, String path) {
        return "http://127.0.0.1:" + p.port() + path;
    }

    @Test
    void aHeadAnswerTheProxyMakesCarriesNoContent() throws Exception {
        assumeTrue(Cli.available("nghttp"), "nghttp (nghttp2-client) not installed");
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (SidecarProxy p = SidecarProxy.start(ProxyTests.config("http://127.0.0.1:" + deadPort).build(),
                PassThroughFilter.INSTANCE)) {
            Cli.Result r = Cli.run(List.of("nghttp", "-v", "-H", ":method: HEAD", url(p, "/x")));
            String frames = r.text();
            assertTrue(frames.contains(":status: 502"), frames);
            assertTrue(frames.contains("content-length: 23"), frames);
            // HEADERS ends the stream; a DATA frame after it would be a protocol error, which
            // nghttp answers with RST_STREAM.
            assertTrue(frames.matches("(?s).*recv HEADERS frame <length=\\d+, flags=0x05.*"), frames);
            assertFalse(frames.contains("recv DATA frame"), frames);
            assertFalse(frames.contains("send RST_STREAM"), frames);
        }
    }

    @Test
    void nghttpPriorKnowledgeIsByteIdentical() throws Exception {
        assumeTrue(Cli.available("nghttp"), "nghttp (nghttp2-client) not installed");
        Cli.Result r = Cli.run(List.of("nghttp", url(plain, "/json/users.json")));
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(TestUpstream.fixture("users.json"), r.out());
    }

    @Test
    void nghttpUpgradeFromHttp11() throws Exception {
        assumeTrue(Cli.available("nghttp"), "nghttp (nghttp2-client) not installed");
        Cli.Result verbose = Cli.run(List.of("nghttp", "-uv", url(plain, "/json/small.json")));
        assertEquals(0, verbose.exit(), verbose.err());
        assertTrue(verbose.text().contains("HTTP Upgrade response"), verbose.text());
        Cli.Result r = Cli.run(List.of("nghttp", "-u", url(plain, "/json/users.json")));
        assertArrayEquals(TestUpstream.fixture("users.json"), r.out());
    }

    @Test
    void curlSpeaksHttp2BothWays() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        for (String flag : List.of("--http2-prior-knowledge", "--http2")) {
            Cli.Result r = Cli.run(List.of("curl", "-sS", "--fail", flag, "-w", "%{http_version}",
                    url(plain, "/json/small.json")));
            assertEquals(0, r.exit(), r.err());
            assertEquals("{\"ok\":true,\"items\":[1,2,3]}\n2", r.text(), flag);
        }
    }

    @Test
    void uploadOverHttp2IsStreamedToTheUpstreamAndBack() throws Exception {
        assumeTrue(Cli.available("nghttp"), "nghttp (nghttp2-client) not installed");
        byte[] body = new byte[500_000];
        new Random(21).nextBytes(body);
        Path file = Files.write(tmp.resolve("up.bin"), body);
        Cli.Result r = Cli.run(List.of("nghttp", "-d", file.toString(), url(plain, "/echo")));
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(body, r.out());
    }

    @Test
    void redactionAndBlocksOverHttp2() throws Exception {
        assumeTrue(Cli.available("curl"), "curl not installed");
        Cli.Result redacted = Cli.run(List.of("curl", "-sS", "--http2-prior-knowledge", "-H",
                "x-test-response: resizable", url(filtered, "/chunks?part=aSECRET-VA&part=LUEb")));
        assertEquals("a[REDACTED]b", redacted.text());
        Cli.Result blocked = Cli.run(List.of("curl", "-sS", "--http2-prior-knowledge", "-w", "\n%{http_code}",
                "-H", "x-test-response: hold", url(filtered, "/chunks?part=aBLOCK-&part=MEb")));
        assertEquals("{\"error\":\"blocked\",\"event_id\":\"evt-42\"}\n403", blocked.text());
        Cli.Result reset = Cli.run(List.of("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null",
                "-H", "x-test-response: resizable",
                url(filtered, "/chunks?part=" + "a".repeat(64) + "&part=BLOCK-ME")));
        assertNotEquals(0, reset.exit(), "a stream blocked after its headers left is reset");
    }

    @Test
    void h2loadRunCompletesEveryRequest() throws Exception {
        assumeTrue(Cli.available("h2load"), "h2load (nghttp2-client) not installed");
        for (List<String> mode : List.of(List.<String>of(), List.of("--h1"))) {
            List<String> cmd = new java.util.ArrayList<>(List.of("h2load", "-n", "4000", "-c", "8", "-m", "8"));
            cmd.addAll(mode);
            cmd.add(url(plain, "/json/small.json"));
            Cli.Result r = Cli.run(Duration.ofSeconds(40), null, cmd);
            String out = r.text();
            assertEquals(0, r.exit(), out + r.err());
            assertTrue(out.contains("4000 succeeded, 0 failed, 0 errored"), out);
            String rate = out.lines().filter(l -> l.startsWith("finished in")).findFirst().orElse("?");
            System.out.println("h2load " + (mode.isEmpty() ? "h2c" : "http/1.1") + " 4000 requests, 8 clients: " + rate);
        }
        assertTrue(new String(TestUpstream.fixture("small.json"), StandardCharsets.UTF_8).contains("ok"));
    }
}
