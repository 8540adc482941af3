package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Upstream failures: down (502), silent (504), cut short (reset, never a clean short body). */
@ExtendWith(NoLeaks.class)
class UpstreamFailureTest {
    private static TestUpstream upstream;
    private static SidecarProxy proxy;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        proxy = SidecarProxy.start(ProxyTests.config(upstream.url()).readTimeout(Duration.ofMillis(400)).build(),
                PassThroughFilter.INSTANCE);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    @BeforeEach
    void curlPresent() {
        assumeTrue(Cli.available("curl"), "curl not installed");
    }

    @Test
    void upstreamDownAnswers502() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (SidecarProxy p = SidecarProxy.start(ProxyTests.config("http://127.0.0.1:" + deadPort).build(),
                PassThroughFilter.INSTANCE)) {
            Cli.Result r = Cli.run(List.of("curl", "-sS", "-w", "\n%{http_code}",
                    "http://127.0.0.1:" + p.port() + "/anything"));
            assertEquals("{\"error\":\"bad_gateway\"}\n502", r.text());
        }
    }

    @Test
    void anUpstreamNamedByHostNameIsLookedUp() throws Exception {
        String port = upstream.url().substring(upstream.url().lastIndexOf(':') + 1);
        try (SidecarProxy p = SidecarProxy.start(ProxyTests.config("http://localhost:" + port).build(),
                PassThroughFilter.INSTANCE)) {
            Cli.Result r = Cli.run(List.of("curl", "-sS", "--fail", "http://127.0.0.1:" + p.port() + "/json/small.json"));
            assertEquals("{\"ok\":true,\"items\":[1,2,3]}\n", r.text(), r.err());
        }
    }

    @Test
    void anUpstreamNameThatDoesNotResolveAnswers502() throws Exception {
        // .invalid never resolves (RFC 6761); without a reachable DNS server the lookup times out at
        // the connect timeout instead. Either way: 502, not a hang.
        try (SidecarProxy p = SidecarProxy.start(ProxyTests.config("http://upstream.invalid:80").build(),
                PassThroughFilter.INSTANCE)) {
            long start = System.nanoTime();
            Cli.Result r = Cli.run(List.of("curl", "-sS", "-w", "\n%{http_code}", "http://127.0.0.1:" + p.port() + "/x"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("{\"error\":\"bad_gateway\"}\n502", r.text());
            assertTrue(millis < 10_000, "took " + millis + " ms");
        }
    }

    @Test
    void silentUpstreamAnswers504AfterTheReadTimeout() throws Exception {
        long start = System.nanoTime();
        Cli.Result r = Cli.run(List.of("curl", "-sS", "-w", "\n%{http_code}",
                "http://127.0.0.1:" + proxy.port() + "/hang"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("{\"error\":\"gateway_timeout\"}\n504", r.text());
        assertTrue(millis >= 350 && millis < 5000, "took " + millis + " ms");
    }

    @Test
    void upstreamThatCutsItsResponseShortMakesTheClientSeeAnError() throws Exception {
        Cli.Result r = Cli.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:" + proxy.port() + "/close-mid"));
        assertEquals("200", r.text());
        assertNotEquals(0, r.exit(), "the client must not take a cut body for a whole one");
    }

    @Test
    void proxyStillServesAfterFailures() throws Exception {
        Cli.Result r = Cli.run(List.of("curl", "-sS", "--fail", "http://127.0.0.1:" + proxy.port() + "/json/small.json"));
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"ok\":true,\"items\":[1,2,3]}\n", r.text());
    }
}
