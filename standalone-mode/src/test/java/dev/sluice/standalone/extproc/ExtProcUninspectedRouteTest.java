package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route that ignores every finding and fails open is not inspected by {@code sluice extproc}:
 * Envoy is asked not to send its bodies at all (a mode override), its heads are not read, and
 * nothing is reported; another route of the same policy is enforced as ever.
 */
class ExtProcUninspectedRouteTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final String BODY = ExtProcMatrixTest.BODY;
    private static ExtProcFixture sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-uninspected"), """
                version: 1
                defaults:
                  actions:
                    pii: block
                routes:
                  - name: static
                    match: {path: /static/**}
                    actions: {pii: ignore, secret: ignore, attack: ignore}
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(sluice);
    }

    @Test
    void envoyIsToldNotToSendTheBodiesOfARouteThatActsOnNothing() throws Exception {
        for (BodyMode mode : List.of(BodyMode.BUFFERED, BodyMode.STREAMED, BodyMode.BUFFERED_PARTIAL)) {
            ExchangeResult r = sluice.envoy.run(EnvoyFilterConfig.both(mode),
                    HttpMessage.request("POST", "/static/upload", "application/json", HttpMessage.whole(BODY)),
                    HttpMessage.response(200, "application/json", HttpMessage.whole(BODY)));
            assertEquals(List.of(), r.spurious(), mode.name());
            assertNull(r.localReply(), mode.name());
            assertNotNull(r.modeOverride(), mode.name()); // the last one, at the response's headers
            assertEquals(ProcessingMode.BodySendMode.NONE, r.modeOverride().getResponseBodyMode(), mode.name());
            assertEquals(BODY, r.requestText(), mode.name());
            assertEquals(BODY, r.responseText(), mode.name());
        }
        ExchangeResult enforced = sluice.envoy.run(EnvoyFilterConfig.both(BodyMode.BUFFERED),
                HttpMessage.request("POST", "/orders", "application/json", HttpMessage.whole(BODY)),
                HttpMessage.response(200, "application/json", HttpMessage.whole("{}")));
        assertNotNull(enforced.localReply(), "the other route still blocks: " + enforced);
        sluice.awaitEvent(e -> e.path("path").asText().equals("/orders"));
        assertFalse(sluice.events().stream().anyMatch(e -> e.path("path").asText().startsWith("/static/")));
    }

    @Test
    void itsTrailersAreNotReadEither() throws Exception {
        Map<String, String> trailers = Map.of("grpc-status", "13", "grpc-message", "no account for ann.lee@corp-mail.org");
        for (BodyMode mode : List.of(BodyMode.STREAMED, BodyMode.FULL_DUPLEX_STREAMED)) {
            ExchangeResult r = sluice.envoy.run(EnvoyFilterConfig.both(mode).trailers(true),
                    HttpMessage.request("GET", "/static/" + mode, "application/json", HttpMessage.whole("{}")),
                    HttpMessage.response(200, "application/json", HttpMessage.whole("{}")).withTrailers(trailers));
            assertEquals(List.of(), r.spurious(), mode.name());
            assertNull(r.localReply(), mode.name());
            assertFalse(r.reset(), mode.name());
            assertEquals(trailers.get("grpc-message"), r.responseTrailers().get("grpc-message"), mode.name());
            assertNull(r.sluice("response", "verdict"), "no verdict: nothing was read " + r.metadata());
        }
        ExchangeResult read = sluice.envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED).trailers(true),
                HttpMessage.request("GET", "/read", "application/json", HttpMessage.whole("{}")),
                HttpMessage.response(200, "application/json", HttpMessage.whole("{}")).withTrailers(trailers));
        assertEquals(List.of(), read.spurious(), read.toString());
        JsonNode e = sluice.awaitEvent(x -> x.path("path").asText().equals("/read")
                && x.path("direction").asText().equals("response"));
        assertEquals("header:grpc-message", e.path("findings").get(0).path("path").asText(), "read elsewhere");
        assertNotNull(read.sluice("response", "verdict"));
        assertTrue(sluice.events().stream().noneMatch(x -> x.path("path").asText().startsWith("/static/")));
    }
}
