package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Personal data in a request's target, through {@code sluice extproc} under a policy that redacts
 * it in requests: Envoy is told to send the upstream a {@code :path} with the values masked, in
 * every body mode, with or without a body; a route in detect mode leaves {@code :path} alone.
 */
class ExtProcRequestTargetTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static ExtProcFixture sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-target"), """
                version: 1
                defaults:
                  request:
                    credit_card: {action: redact, mask: keep_last_4}
                routes:
                  - name: watched
                    match: {path: /watched/**}
                    mode: detect
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(sluice);
    }

    private static ExchangeResult run(BodyMode mode, HttpMessage request) {
        return sluice.envoy.run(EnvoyFilterConfig.both(mode), request,
                HttpMessage.response(200, "application/json", HttpMessage.whole("{\"ok\":true}")));
    }

    @ParameterizedTest
    @EnumSource(value = BodyMode.class, names = {"NONE", "BUFFERED", "STREAMED", "BUFFERED_PARTIAL",
        "FULL_DUPLEX_STREAMED"})
    void theUpstreamIsSentTheTargetMasked(BodyMode mode) throws Exception {
        String path = "/pay/" + mode.name().toLowerCase();
        ExchangeResult post = run(mode, HttpMessage.request("POST", path + "?card=4111%201111%201111%201111&n=1",
                "application/json", HttpMessage.whole("{\"note\":\"thanks\"}")));
        assertEquals(List.of(), post.spurious(), mode.name());
        assertNull(post.localReply());
        assertEquals(path + "?card=****%20****%20****%201111&n=1", post.requestHeaders().get(":path"));
        assertEquals("{\"note\":\"thanks\"}", post.requestText());
        JsonNode e = sluice.awaitEvent(x -> x.path("path").asText().equals(path)
                && x.path("direction").asText().equals("request"));
        assertEquals("redact", e.path("action").asText(), e.toString());
        assertEquals("redacted", e.path("delivery").asText());
    }

    @Test
    void aBodilessRequestIsRewrittenAtItsHeaders() {
        ExchangeResult get = run(BodyMode.STREAMED, HttpMessage.request("GET", "/cards/4111111111111111", null,
                List.of()));
        assertEquals("/cards/************1111", get.requestHeaders().get(":path"));
    }

    @Test
    void aRouteInDetectModeLeavesThePathAsItCame() throws Exception {
        ExchangeResult get = run(BodyMode.STREAMED, HttpMessage.request("GET", "/watched/x?card=4111111111111111",
                null, List.of()));
        assertEquals("/watched/x?card=4111111111111111", get.requestHeaders().get(":path"));
        JsonNode e = sluice.awaitEvent(x -> x.path("path").asText().equals("/watched/x"));
        assertEquals("detect", e.path("mode").asText());
        assertEquals("forwarded", e.path("delivery").asText());
    }
}
