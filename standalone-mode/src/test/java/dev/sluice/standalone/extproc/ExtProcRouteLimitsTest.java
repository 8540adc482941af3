package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A route's own bound on the bytes inspected ({@code limits.max_inspected_bytes}), through
 * {@code sluice extproc} in every body mode: the route reads the first KiB of a response (a card
 * there masked, one past it left), the defaults read it whole.
 */
class ExtProcRouteLimitsTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final String CARD = "4111 1111 1111 1111";
    private static final String MASKED = "**** **** **** 1111";
    private static final String BODY = "{\"first\":\"" + CARD + "\",\"pad\":\"" + "p".repeat(1500) + "\",\"second\":\""
            + CARD + "\"}";
    private static ExtProcFixture sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-route-limits"), """
                version: 1
                defaults:
                  response:
                    credit_card: {action: redact, mask: keep_last_4}
                routes:
                  - name: downloads
                    match: {path: /downloads/**}
                    limits: {max_inspected_bytes: {response: 1KiB}}
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(sluice);
    }

    private ExchangeResult run(BodyMode mode, String path) throws Exception {
        return sluice.envoy.run(EnvoyFilterConfig.both(mode),
                HttpMessage.request("GET", path, "application/json", List.of()),
                HttpMessage.response(200, "application/json", HttpMessage.split(BODY, 300, 1100, 1400)));
    }

    @ParameterizedTest
    @EnumSource(value = BodyMode.class, names = {"BUFFERED", "STREAMED", "BUFFERED_PARTIAL", "FULL_DUPLEX_STREAMED"})
    void theRouteReadsItsFirstKibAndTheDefaultsTheWholeBody(BodyMode mode) throws Exception {
        String path = "/downloads/" + mode.name().toLowerCase();
        ExchangeResult bounded = run(mode, path);
        assertEquals(List.of(), bounded.spurious(), mode.name());
        assertNull(bounded.localReply(), "not refused: " + bounded);
        assertEquals(BODY.replaceFirst(CARD, MASKED), bounded.responseText(), "the card past 1 KiB is not read");
        JsonNode e = sluice.awaitEvent(x -> x.path("path").asText().equals(path));
        assertEquals("inspected_bytes_limit", e.path("outcome").asText());
        assertEquals("downloads", e.path("route").asText());

        ExchangeResult whole = run(mode, "/api/" + mode.name().toLowerCase());
        assertNotNull(whole.responseText());
        assertEquals(BODY.replace(CARD, MASKED), whole.responseText());
    }
}
