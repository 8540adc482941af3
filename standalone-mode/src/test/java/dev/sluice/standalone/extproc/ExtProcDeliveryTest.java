package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the events say, as {@code sluice serve}'s do: the action carried out and the body's
 * {@code delivery} (forwarded, redacted, blocked, reset); in detect mode the action enforce mode
 * would take, with the body forwarded. And a rewriting output over the release limit: the body
 * passes as it came while nothing was replaced yet (reported as an alert, outcome
 * {@code held_bytes_limit}), and is reset once something was.
 */
class ExtProcDeliveryTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    static final String EMAIL = ExtProcMatrixTest.EMAIL;
    static final String BODY = ExtProcMatrixTest.BODY;
    static final int RELEASE_LIMIT = 96;

    private static ExtProcFixture detectBlock;
    private static ExtProcFixture detectRedact;
    private static ExtProcFixture blockClosed;
    private static ExtProcFixture redact;
    private static ExtProcFixture redactSmall;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(tempRoot, "extproc-delivery");
        detectBlock = ExtProcFixture.start(Files.createDirectories(dir.resolve("db")),
                ExtProcFixture.policy("block", "open").replace("mode: enforce", "mode: detect"));
        detectRedact = ExtProcFixture.start(Files.createDirectories(dir.resolve("dr")),
                ExtProcFixture.policy("redact", "open").replace("mode: enforce", "mode: detect"));
        blockClosed = ExtProcFixture.start(Files.createDirectories(dir.resolve("bc")),
                ExtProcFixture.policy("block", "closed"));
        redact = ExtProcFixture.start(Files.createDirectories(dir.resolve("r")),
                ExtProcFixture.policy("redact", "open"));
        redactSmall = ExtProcFixture.start(Files.createDirectories(dir.resolve("rs")),
                ExtProcFixture.policy("redact", "open"), s -> s.withReleaseLimit(RELEASE_LIMIT));
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(detectBlock, detectRedact, blockClosed, redact, redactSmall);
    }

    private static ExchangeResult respond(ExtProcFixture f, BodyMode mode, List<byte[]> chunks) {
        ExchangeResult r = f.envoy.run(EnvoyFilterConfig.both(mode), ExtProcProtocolTest.jsonRequest("{}"),
                HttpMessage.response(200, "application/json", chunks));
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNull(r.grpcError(), "gRPC error");
        return r;
    }

    private static JsonNode event(ExtProcFixture f, ExchangeResult r) throws InterruptedException {
        return f.awaitEventOf(r, "response");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BUFFERED", "STREAMED", "FULL_DUPLEX_STREAMED"})
    void detectModeReportsTheWouldBeActionAndForwards(String modeName) throws Exception {
        BodyMode mode = BodyMode.valueOf(modeName);
        for (ExtProcFixture f : List.of(detectBlock, detectRedact)) {
            ExchangeResult r = respond(f, mode, ExtProcMatrixTest.chunks(5));
            assertNull(r.localReply());
            assertFalse(r.reset());
            assertEquals(BODY, r.responseText(), "detect mode changes nothing");
            JsonNode e = event(f, r);
            String wouldBe = f == detectBlock ? "block" : "redact";
            assertEquals("detect", e.path("mode").asText());
            assertEquals(wouldBe, e.path("action").asText(), e.toString());
            assertEquals("forwarded", e.path("delivery").asText());
            assertEquals(wouldBe + "; detect", r.sluiceText("response", "verdict"));
        }
    }

    @Test
    void blockedAndResetBodiesSaySo() throws Exception {
        ExchangeResult held = respond(blockClosed, BodyMode.BUFFERED, ExtProcMatrixTest.chunks(3));
        assertEquals(403, held.localReply().status());
        assertEquals("blocked", event(blockClosed, held).path("delivery").asText());
        ExchangeResult streamed = respond(blockClosed, BodyMode.STREAMED, ExtProcMatrixTest.chunks(3));
        assertTrue(streamed.reset());
        JsonNode e = event(blockClosed, streamed);
        assertEquals("block", e.path("action").asText());
        assertEquals("reset", e.path("delivery").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BUFFERED", "STREAMED"})
    void redactedBodiesSaySo(String modeName) throws Exception {
        ExchangeResult r = respond(redact, BodyMode.valueOf(modeName), ExtProcMatrixTest.chunks(4));
        assertFalse(r.responseText().contains(EMAIL));
        JsonNode e = event(redact, r);
        assertEquals("redact", e.path("action").asText());
        assertEquals("redacted", e.path("delivery").asText());
        ExchangeResult clean = respond(redact, BodyMode.valueOf(modeName), HttpMessage.whole("{\"a\":1}"));
        assertEquals("{\"a\":1}", clean.responseText());
    }

    private static List<byte[]> bytes(String... parts) {
        return java.util.Arrays.stream(parts).map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMED", "FULL_DUPLEX_STREAMED"})
    void anOverflowBeforeAnyReplacementLetsTheBodyPassAsItCame(String modeName) throws Exception {
        String big = "{\"note\":\"" + "n".repeat(2 * RELEASE_LIMIT) + "\",\"customer\":{\"email\":\"" + EMAIL
                + "\"},\"end\":\"" + "e".repeat(2 * RELEASE_LIMIT) + "\"}";
        ExchangeResult r = respond(redactSmall, BodyMode.valueOf(modeName), bytes(big.substring(0, 150),
                big.substring(150)));
        JsonNode e = event(redactSmall, r);
        assertNull(r.localReply());
        assertFalse(r.reset(), e.toString());
        assertEquals(big, r.responseText(), "the body passes whole and unchanged, never truncated");
        assertEquals("alert", e.path("action").asText(), "the redaction was not made: " + e);
        assertEquals("forwarded", e.path("delivery").asText());
        assertEquals("held_bytes_limit", e.path("outcome").asText());
        for (JsonNode f : e.path("findings")) {
            assertEquals("alert", f.path("action").asText(), "each value left as it came: " + e);
        }
        assertTrue(e.path("findings").size() > 0, e.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMED", "FULL_DUPLEX_STREAMED"})
    void anOverflowAfterAReplacementResetsTheBody(String modeName) throws Exception {
        String first = "{\"customer\":{\"email\":\"" + EMAIL + "\"},";
        String rest = "\"note\":\"" + "n".repeat(3 * RELEASE_LIMIT) + "\"}";
        ExchangeResult r = respond(redactSmall, BodyMode.valueOf(modeName), bytes(first, rest));
        assertNull(r.localReply());
        assertTrue(r.reset(), "a rewritten body cannot be continued from its original bytes: " + r);
        JsonNode e = event(redactSmall, r);
        assertEquals("block", e.path("action").asText(), e.toString());
        assertEquals("reset", e.path("delivery").asText());
        assertTrue(e.path("reason").asText().contains("fail:limit"), e.toString());
    }

    @Test
    void aBufferedSecondPassOverTheLimitPassesUnchangedAsAnAlert() throws Exception {
        String big = "{\"customer\":{\"email\":\"" + EMAIL + "\"},\"note\":\"" + "n".repeat(2 * RELEASE_LIMIT)
                + "\"}";
        ExchangeResult r = respond(redactSmall, BodyMode.BUFFERED, bytes(big));
        assertNull(r.localReply());
        assertEquals(big, r.responseText(), "fail open: the body passes as it came");
        JsonNode e = event(redactSmall, r);
        assertEquals("alert", e.path("action").asText(), "the redaction was not made: " + e);
        assertEquals("forwarded", e.path("delivery").asText());
        assertEquals("alert", r.sluiceText("response", "verdict"));
        assertEquals("alert", e.path("findings").get(0).path("action").asText(), "the value left as it came");
    }
}
