package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A route with {@code mode: detect} in an enforced policy, through {@code sluice extproc} in
 * every body mode: what the defaults block passes and what they redact leaves as it came, both
 * reported with the would-be action and {@code mode: detect} (events and Envoy's dynamic
 * metadata), while another route of the same policy is enforced.
 */
class ExtProcRouteModeTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final String BODY = ExtProcMatrixTest.BODY;
    private static final String EMAIL = ExtProcMatrixTest.EMAIL;
    private static ExtProcFixture sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-route-mode"), """
                version: 1
                defaults:
                  request:
                    pii: block
                  response:
                    pii: redact
                routes:
                  - name: beta
                    match: {path: /beta/**}
                    mode: detect
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(sluice);
    }

    private ExchangeResult run(BodyMode mode, String path, String requestBody) throws Exception {
        return sluice.envoy.run(EnvoyFilterConfig.both(mode),
                HttpMessage.request("POST", path, "application/json", HttpMessage.whole(requestBody)),
                HttpMessage.response(200, "application/json", HttpMessage.whole(BODY)));
    }

    private JsonNode event(String path, String direction) throws InterruptedException {
        return sluice.awaitEvent(e -> e.path("path").asText().equals(path)
                && e.path("direction").asText().equals(direction));
    }

    @ParameterizedTest
    @EnumSource(value = BodyMode.class, names = {"BUFFERED", "STREAMED", "BUFFERED_PARTIAL", "FULL_DUPLEX_STREAMED"})
    void aRouteInDetectModeIsWatchedWhileTheRestIsEnforced(BodyMode mode) throws Exception {
        String beta = "/beta/" + mode.name().toLowerCase();
        ExchangeResult watched = run(mode, beta, BODY);
        assertEquals(List.of(), watched.spurious(), mode.name());
        assertNull(watched.localReply(), "not refused: " + watched);
        assertEquals(BODY, watched.requestText());
        assertEquals(BODY, watched.responseText(), "not redacted");
        assertEquals("detect", watched.sluiceText("response", "mode"), "Envoy's metadata says it too");
        JsonNode request = event(beta, "request");
        assertEquals("detect", request.path("mode").asText());
        assertEquals("block", request.path("action").asText(), "what enforce would have done");
        assertEquals("forwarded", request.path("delivery").asText());
        JsonNode response = event(beta, "response");
        assertEquals("detect", response.path("mode").asText());
        assertEquals("redact", response.path("action").asText());
        assertEquals("forwarded", response.path("delivery").asText());
        assertEquals("beta", response.path("route").asText());

        String orders = "/orders/" + mode.name().toLowerCase();
        ExchangeResult refused = run(mode, orders, BODY);
        assertNotNull(refused.localReply(), "the defaults block elsewhere: " + refused);
        assertEquals(403, refused.localReply().status());
        ExchangeResult redacted = run(mode, orders, "{}");
        assertNull(redacted.localReply());
        assertFalse(redacted.responseText().contains(EMAIL), redacted.responseText());
        assertTrue(redacted.responseText().contains("[REDACTED:email]"), redacted.responseText());
        assertEquals("enforce", event(orders, "response").path("mode").asText());
    }

    @Test
    void eventsCarryTheRequestIdAndTraceIdEnvoyPassedOn() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        ExchangeResult r = sluice.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED),
                HttpMessage.request("POST", "/orders/traced", "application/json", HttpMessage.whole("{}"))
                        .withHeader("x-request-id", "9b2d7c1e-envoy").withHeader("traceparent",
                                "00-" + trace + "-00f067aa0ba902b7-01"),
                HttpMessage.response(200, "application/json", HttpMessage.whole(BODY)));
        assertNull(r.localReply());
        JsonNode e = event("/orders/traced", "response");
        assertEquals("9b2d7c1e-envoy", e.path("requestId").asText(), "Envoy's access log has the same id");
        assertEquals(trace, e.path("traceId").asText());
    }
}
