package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.FailMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter SPI's plumbing, end to end with curl and {@link MarkerFilter}: redaction across
 * chunk boundaries, Content-Length fixed when held, chunked re-encoding when streamed and
 * resized, blocks before and after the headers left, hold limits and filter failures.
 */
@ExtendWith(NoLeaks.class)
class FilterPlumbingTest {
    private static TestUpstream upstream;
    private static MarkerFilter redacting;
    private static SidecarProxy redactProxy;
    private static SidecarProxy maskProxy;
    private static SidecarProxy smallHoldClosed;
    private static SidecarProxy smallHoldOpen;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        redacting = new MarkerFilter("[REDACTED]");
        redactProxy = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), redacting);
        maskProxy = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), new MarkerFilter("************"));
        smallHoldClosed = SidecarProxy.start(ProxyTests.config(upstream.url()).maxHeldBodyBytes(1000)
                .failMode(FailMode.CLOSED).build(), new MarkerFilter("[REDACTED]"));
        smallHoldOpen = SidecarProxy.start(ProxyTests.config(upstream.url()).maxHeldBodyBytes(1000)
                .failMode(FailMode.OPEN).build(), new MarkerFilter("[REDACTED]"));
    }

    @AfterAll
    static void stop() {
        for (SidecarProxy p : List.of(smallHoldOpen, smallHoldClosed, maskProxy, redactProxy)) {
            p.close();
        }
        upstream.close();
    }

    @BeforeEach
    void curlPresent() {
        assumeTrue(Cli.available("curl"), "curl not installed");
        redacting.outcomes.clear();
    }

    @Test
    void streamedChunkedResponseIsRedactedAcrossChunksAndRechunked() throws Exception {
        Response r = get(redactProxy, "/chunks?part=%7B%22a%22:%22xSECR&part=ET-VA&part=LUEy%22%7D",
                "x-test-response: resizable");
        assertEquals(200, r.status);
        assertEquals("{\"a\":\"x[REDACTED]y\"}", r.body);
        assertEquals("chunked", r.header("transfer-encoding"));
        assertNull(r.header("content-length"));
    }

    @Test
    void heldResponseLeavesWithItsContentLengthFixed() throws Exception {
        Response r = get(redactProxy, "/chunks?part=abcSECRET-&part=VALUEdef&length", "x-test-response: hold");
        assertEquals("abc[REDACTED]def", r.body);
        assertEquals("16", r.header("content-length"));
    }

    @Test
    void sameLengthMaskStreamsWithTheOriginalContentLength() throws Exception {
        Response r = get(maskProxy, "/json/secret.json", "x-test-response: stream");
        assertEquals("{\"note\":\"account ************ here\",\"other\":\"************\"}\n", r.body);
        assertEquals(Integer.toString(TestUpstream.fixture("secret.json").length), r.header("content-length"));
    }

    @Test
    void lengthChangeUnderAKeptContentLengthResetsInsteadOfTruncating() throws Exception {
        Cli.Result r = curl(redactProxy, "/chunks?part=abcSECRET-VALUE&part=def&length", "x-test-response: stream");
        assertNotEquals(0, r.exit(), "curl must see an error, not a short body: " + r.text());
    }

    @Test
    void requestBodyIsRedactedBeforeTheUpstreamSeesIt() throws Exception {
        Path body = Files.writeString(tmp.resolve("b.json"), "{\"card\":\"SECRET-VALUE\"}");
        Cli.Result r = Cli.run(List.of("curl", "-sS", "-H", "x-test-response: pass", "-H",
                "Content-Type: application/json", "--data-binary", "@" + body, url(redactProxy, "/echo")));
        assertEquals("{\"card\":\"[REDACTED]\"}", r.text());
        assertEquals(List.of("21"), upstream.lastHeaders().get("content-length"));
    }

    @Test
    void blockedRequestGets403NamingTheEventAndNeverReachesTheUpstream() throws Exception {
        int before = upstream.requests();
        Path body = Files.writeString(tmp.resolve("block.json"), "{\"x\":\"" + "a".repeat(5000) + "BLOCK-ME\"}");
        Cli.Result r = Cli.run(List.of("curl", "-sS", "-w", "\n%{http_code}", "-H", "Content-Type: application/json",
                "--data-binary", "@" + body, url(redactProxy, "/consume")));
        assertEquals("{\"error\":\"blocked\",\"event_id\":\"evt-42\"}\n403", r.text());
        assertEquals(before, upstream.requests());
        assertTrue(waitForOutcome(ExchangeOutcome.BLOCKED), redacting.outcomes.toString());
    }

    @Test
    void requestBlockedOnItsHead() throws Exception {
        Response r = get(redactProxy, "/json/small.json", "x-test-block-head: 1");
        assertEquals(403, r.status);
        assertEquals("{\"error\":\"blocked\",\"event_id\":\"evt-head\"}", r.body);
    }

    @Test
    void heldResponseIsBlockedCleanly() throws Exception {
        Response r = get(redactProxy, "/chunks?part=okBLOCK-&part=MEok", "x-test-response: hold");
        assertEquals(403, r.status);
        assertEquals("application/json", r.header("content-type"));
        assertEquals("{\"error\":\"blocked\",\"event_id\":\"evt-42\"}", r.body);
    }

    @Test
    void blockAfterTheHeadersLeftResetsTheResponse() throws Exception {
        Cli.Result r = curl(redactProxy, "/chunks?part=" + "a".repeat(100) + "&part=xxBLOCK-ME&part=tail",
                "x-test-response: resizable");
        assertNotEquals(0, r.exit(), "a response that can no longer be blocked cleanly is reset: " + r.text());
        // The RST may overtake the head on the wire; either way the client never sees a clean end.
        assertTrue(r.text().isEmpty() || r.text().startsWith("HTTP/1.1 200"), r.text());
        assertTrue(waitForOutcome(ExchangeOutcome.RESET_AFTER_BLOCK), redacting.outcomes.toString());
    }

    @Test
    void overTheHoldLimitFailClosedRefuses() throws Exception {
        Path body = Files.write(tmp.resolve("big.bin"), new byte[5000]);
        Cli.Result req = Cli.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary",
                "@" + body, url(smallHoldClosed, "/consume")));
        assertEquals("413", req.text());
        Response resp = get(smallHoldClosed, "/json/users.json", "x-test-response: hold");
        assertEquals(502, resp.status);
        assertEquals("{\"error\":\"response_too_large\"}", resp.body);
    }

    @Test
    void overTheHoldLimitFailOpenLetsTheBodyThrough() throws Exception {
        Response resp = get(smallHoldOpen, "/json/users.json", "x-test-response: hold");
        assertEquals(200, resp.status);
        assertEquals(new String(TestUpstream.fixture("users.json"), StandardCharsets.UTF_8), resp.body);
        assertEquals("chunked", resp.header("transfer-encoding"));
    }

    @Test
    void failingFilterFailsClosed() throws Exception {
        Response r = get(redactProxy, "/json/small.json", "x-test-request: throw");
        assertEquals(500, r.status);
        assertEquals("{\"error\":\"filter_failed\"}", r.body);
        Response open = get(smallHoldOpen, "/json/small.json", "x-test-request: throw");
        assertEquals(200, open.status);
    }

    private boolean waitForOutcome(ExchangeOutcome outcome) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (redacting.outcomes.contains(outcome)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static String url(SidecarProxy p, String path) {
        return "http://127.0.0.1:" + p.port() + path;
    }

    private static Cli.Result curl(SidecarProxy p, String path, String... headers) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-D", "-"));
        for (String h : headers) {
            cmd.add("-H");
            cmd.add(h);
        }
        cmd.add(url(p, path));
        return Cli.run(cmd);
    }

    private static Response get(SidecarProxy p, String path, String... headers) throws Exception {
        Cli.Result r = curl(p, path, headers);
        assertEquals(0, r.exit(), r.err());
        return Response.parse(r.text());
    }

    /** A response as curl -D - prints it. */
    record Response(int status, List<String> headerLines, String body) {
        static Response parse(String raw) {
            int split = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            return new Response(status, List.of(lines).subList(1, lines.length), raw.substring(split + 4));
        }

        String header(String name) {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }
}
