package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real nginx upstream serving JSON fixtures, reached through the proxy by curl and nghttp. */
@ExtendWith(NoLeaks.class)
class NginxUpstreamTest {
    @TempDir
    static Path dir;

    private static NginxUpstream nginx;
    private static SidecarProxy proxy;
    private static SidecarProxy masking;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Cli.available("nginx"), "nginx not installed");
        assumeTrue(Cli.available("curl"), "curl not installed");
        nginx = NginxUpstream.start(dir, "users.json", "small.json", "secret.json");
        proxy = SidecarProxy.start(ProxyTests.config(nginx.url()).build(), PassThroughFilter.INSTANCE);
        masking = SidecarProxy.start(ProxyTests.config(nginx.url()).build(), new MarkerFilter("************"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (masking != null) {
            masking.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void fixturesAreByteIdenticalWithTheirValidators() throws Exception {
        String via = "http://127.0.0.1:" + proxy.port() + "/json/users.json";
        Cli.Result direct = Cli.run(List.of("curl", "-sS", "-D", "-", nginx.url() + "/json/users.json"));
        Cli.Result proxied = Cli.run(List.of("curl", "-sS", "-D", "-", via));
        assertEquals(0, proxied.exit(), proxied.err());
        assertArrayEquals(TestUpstream.fixture("users.json"), body(proxied.out()));
        for (String h : List.of("etag", "last-modified", "content-length", "content-type")) {
            assertEquals(header(direct.text(), h), header(proxied.text(), h), h);
        }
    }

    @Test
    void http2ClientGetsTheSameBytes() throws Exception {
        assumeTrue(Cli.available("nghttp"), "nghttp (nghttp2-client) not installed");
        Cli.Result r = Cli.run(List.of("nghttp", "http://127.0.0.1:" + proxy.port() + "/json/users.json"));
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(TestUpstream.fixture("users.json"), r.out());
    }

    @Test
    void headRangeAndMissingFilesBehaveAsNginxSaysThrough() throws Exception {
        String base = "http://127.0.0.1:" + proxy.port() + "/json/";
        Cli.Result head = Cli.run(List.of("curl", "-sS", "-I", base + "users.json"));
        assertEquals(Integer.toString(TestUpstream.fixture("users.json").length), header(head.text(), "content-length"));
        Cli.Result range = Cli.run(List.of("curl", "-sS", "-w", "|%{http_code}", "-r", "0-9", base + "small.json"));
        assertEquals("{\"ok\":true|206", range.text());
        Cli.Result missing = Cli.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "nope.json"));
        assertEquals("404", missing.text());
    }

    @Test
    void maskedFixtureKeepsNginxContentLength() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-D", "-", "-H", "x-test-response: stream",
                "http://127.0.0.1:" + masking.port() + "/json/secret.json"));
        Cli.Result r = Cli.run(cmd);
        String body = new String(body(r.out()), StandardCharsets.UTF_8);
        assertEquals("{\"note\":\"account ************ here\",\"other\":\"************\"}\n", body);
        assertEquals("60", header(r.text(), "content-length"));
        assertTrue(r.text().startsWith("HTTP/1.1 200"), r.text());
    }

    /**
     * The marker cut between two ranges, each half alone is no marker: a filter that inspects the
     * body gets the whole representation instead of each part, over HTTP/1.1 and h2 alike, and a
     * multi-range request (nginx answers {@code multipart/byteranges}) too.
     */
    @Test
    void rangesOfAnInspectedBodyAreAnsweredWhole() throws Exception {
        String url = "http://127.0.0.1:" + masking.port() + "/json/secret.json";
        String whole = "{\"note\":\"account ************ here\",\"other\":\"************\"}\n";
        long before = masking.rangesWidened();
        for (String range : List.of("0-24", "25-", "0-4,20-30")) {
            Cli.Result r = Cli.run(List.of("curl", "-sS", "-D", "-", "-H", "x-test-response: stream", "-r", range, url));
            assertTrue(r.text().startsWith("HTTP/1.1 200"), r.text());
            assertEquals(whole, new String(body(r.out()), StandardCharsets.UTF_8), range);
            assertEquals(null, header(r.text(), "content-range"), range);
        }
        assertTrue(Cli.available("nghttp"), "nghttp (nghttp2-client) not installed");
        Cli.Result h2 = Cli.run(List.of("nghttp", "-H", "range: bytes=0-24", url));
        assertEquals(0, h2.exit(), h2.err());
        assertEquals(whole, h2.text());
        assertEquals(4, masking.rangesWidened() - before);
    }

    /** A body the filter lets pass uninspected keeps its range; so does every body with widening off. */
    @Test
    void rangesStayPartialWhenUninspectedOrWideningIsOff() throws Exception {
        Cli.Result passed = Cli.run(List.of("curl", "-sS", "-w", "|%{http_code}", "-H", "x-test-response: pass",
                "-r", "0-24", "http://127.0.0.1:" + masking.port() + "/json/secret.json"));
        assertEquals("{\"note\":\"account SECRET-V|206", passed.text());
        try (SidecarProxy off = SidecarProxy.start(ProxyTests.config(nginx.url()).widenRanges(false).build(),
                new MarkerFilter("************"))) {
            Cli.Result r = Cli.run(List.of("curl", "-sS", "-w", "|%{http_code}", "-H", "x-test-response: stream",
                    "-r", "0-24", "http://127.0.0.1:" + off.port() + "/json/secret.json"));
            assertEquals("{\"note\":\"account SECRET-V|206", r.text());
            assertEquals(0, off.rangesWidened());
        }
    }

    private static byte[] body(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        int split = s.indexOf("\r\n\r\n") + 4;
        byte[] out = new byte[raw.length - split];
        System.arraycopy(raw, split, out, 0, out.length);
        return out;
    }

    private static String header(String raw, String name) {
        for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }
}
