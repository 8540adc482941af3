package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route that samples its responses, through {@code sluice extproc}: for an exchange the sample
 * leaves out Envoy is told not to send the response body (a mode override, as for a route that
 * acts on nothing), for the others the body is read and reported; about the share of each.
 */
class ExtProcSampledRouteTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final String BODY = ExtProcMatrixTest.BODY;
    private static final int N = 120;
    private static ExtProcFixture sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-sampled"), """
                version: 1
                defaults:
                  actions:
                    pii: alert
                routes:
                  - name: feed
                    match: {path: /feed/**}
                    sample: {response: 50%}
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(sluice);
    }

    @Test
    void envoyIsToldNotToSendTheBodiesTheSampleLeavesOut() throws Exception {
        int leftOut = 0;
        for (int i = 0; i < N; i++) {
            ExchangeResult r = sluice.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED),
                    HttpMessage.request("GET", "/feed/" + i, "application/json", HttpMessage.whole("{}")),
                    HttpMessage.response(200, "application/json", HttpMessage.whole(BODY)));
            assertEquals(List.of(), r.spurious());
            assertNull(r.localReply());
            assertEquals(BODY, r.responseText(), "alerted or unread, never changed");
            boolean skipped = r.modeOverride() != null
                    && r.modeOverride().getResponseBodyMode() == ProcessingMode.BodySendMode.NONE;
            leftOut += skipped ? 1 : 0;
        }
        // Binomial(120, 0.5): 60 ± 5.5; 25..95 fails once in 10^9 runs.
        assertTrue(leftOut >= 25 && leftOut <= 95, leftOut + " of " + N + " left out");
        int left = leftOut;
        sluice.awaitEvent(e -> sluice.events().stream().filter(x -> x.path("route").asText().equals("feed")
                && x.path("direction").asText().equals("response")).count() == N - left);
    }
}
