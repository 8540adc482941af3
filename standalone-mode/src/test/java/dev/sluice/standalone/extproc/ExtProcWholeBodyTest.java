package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body that comes whole (the buffered modes) is decided whole: a redact rule with a minimum
 * count masks nothing in a body under the count, and every value of the category in a body at or
 * over it — the same answer the policy gives the whole body, not one finding at a time.
 */
class ExtProcWholeBodyTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    static final String FIRST = "alice.smith@acme-mail.com";
    static final String SECOND = "bob.jones@example-mail.org";
    static final String ONE = "{\"customer\":{\"email\":\"" + FIRST + "\"},\"note\":\"leave at door\"}";
    static final String TWO = "{\"customer\":{\"email\":\"" + FIRST + "\"},\"billing\":{\"email\":\"" + SECOND
            + "\"},\"note\":\"leave at door\"}";
    static final String POLICY = """
            version: 1
            mode: enforce
            defaults:
              on_failure: open
              actions:
                pii:
                  action: redact
                  mask: fixed
                  min_count: 2
            """;

    private static ExtProcFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(tempRoot, "extproc-whole");
        fixture = ExtProcFixture.start(dir, POLICY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (BodyMode mode : new BodyMode[] {BodyMode.BUFFERED, BodyMode.BUFFERED_PARTIAL}) {
            for (String direction : new String[] {"request", "response"}) {
                out.add(Arguments.of(mode, direction));
            }
        }
        return out.stream();
    }

    private static ExchangeResult run(BodyMode mode, String direction, String body) {
        boolean req = direction.equals("request");
        HttpMessage request = HttpMessage.request("POST", "/orders", "application/json",
                HttpMessage.whole(req ? body : "{\"q\":1}"));
        HttpMessage response = HttpMessage.response(200, "application/json", HttpMessage.whole(req ? "{}" : body));
        ExchangeResult r = fixture.envoy.run(EnvoyFilterConfig.both(mode), request, response);
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNull(r.grpcError(), "gRPC error");
        assertNull(r.localReply(), "a redact rule never blocks");
        return r;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void underTheMinimumCountNothingIsMasked(BodyMode mode, String direction) {
        ExchangeResult r = run(mode, direction, ONE);
        assertEquals(ONE, direction.equals("request") ? r.requestText() : r.responseText(),
                "one e-mail address is under min_count 2: the body passes as it came");
        assertFalse("redact".equals(r.sluiceText(direction, "verdict")), r.metadata().toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void atTheMinimumCountEveryValueIsMasked(BodyMode mode, String direction) throws Exception {
        ExchangeResult r = run(mode, direction, TWO);
        String seen = direction.equals("request") ? r.requestText() : r.responseText();
        assertNotNull(seen);
        assertFalse(seen.contains(FIRST) || seen.contains(SECOND), "both redacted: " + seen);
        assertEquals(TWO.replace(FIRST, "").replace(SECOND, ""), seen.replaceAll("\\[REDACTED[^\\]]*\\]", ""));
        assertEquals("redact", r.sluiceText(direction, "verdict"));
        String eventId = r.sluiceText(direction, "event_id");
        JsonNode event = fixture.awaitEvent(e -> e.path("exchangeId").asText().equals(eventId)
                && e.path("direction").asText().equals(direction));
        assertEquals("redact", event.path("action").asText());
        assertEquals(2, event.path("findings").size(), event.toString());
        assertFalse(event.toString().contains(FIRST), "no raw value in events");
    }
}
