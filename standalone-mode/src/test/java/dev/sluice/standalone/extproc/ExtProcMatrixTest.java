package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour matrix through the harness's Envoy: every body mode × request/response ×
 * alert/block/redact, each with the e-mail address cut across chunk boundaries at seeded random
 * places. Every exchange must keep the protocol (no spurious reply, no timeout, no error).
 */
class ExtProcMatrixTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    static final String EMAIL = "alice.smith@acme-mail.com";
    static final String BODY = "{\"order\":17,\"customer\":{\"name\":\"Alice\",\"email\":\"" + EMAIL
            + "\"},\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}],\"note\":\"leave at door\"}";
    static final BodyMode[] MODES = {BodyMode.BUFFERED, BodyMode.STREAMED, BodyMode.BUFFERED_PARTIAL,
            BodyMode.FULL_DUPLEX_STREAMED};
    static final int SEEDS = 3;

    private static Path dir;
    private static ExtProcFixture alert;
    private static ExtProcFixture block;
    private static ExtProcFixture redact;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(tempRoot, "extproc-matrix");
        alert = ExtProcFixture.start(Files.createDirectories(dir.resolve("alert")),
                ExtProcFixture.policy("alert", "open"));
        block = ExtProcFixture.start(Files.createDirectories(dir.resolve("block")),
                ExtProcFixture.policy("block", "open"));
        redact = ExtProcFixture.start(Files.createDirectories(dir.resolve("redact")),
                ExtProcFixture.policy("redact", "open"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ExtProcFixture f : new ExtProcFixture[] {alert, block, redact}) {
            if (f != null) {
                f.close();
            }
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (BodyMode mode : MODES) {
            for (boolean request : new boolean[] {true, false}) {
                for (String action : new String[] {"alert", "block", "redact"}) {
                    for (int seed = 1; seed <= SEEDS; seed++) {
                        out.add(Arguments.of(mode, request ? "request" : "response", action, seed));
                    }
                }
            }
        }
        return out.stream();
    }

    /** {@link #BODY} in 2-6 chunks, one cut always inside the e-mail address. */
    static List<byte[]> chunks(long seed) {
        Random r = new Random(seed);
        int at = BODY.indexOf(EMAIL);
        int[] cuts = new int[1 + r.nextInt(5)];
        cuts[0] = at + 1 + r.nextInt(EMAIL.length() - 1);
        for (int i = 1; i < cuts.length; i++) {
            cuts[i] = 1 + r.nextInt(BODY.length() - 1);
        }
        Arrays.sort(cuts);
        return HttpMessage.split(BODY, cuts);
    }

    @ParameterizedTest(name = "{0} {1} {2} seed {3}")
    @MethodSource("matrix")
    void everyModeDirectionAndAction(BodyMode mode, String direction, String action, int seed) throws Exception {
        boolean req = direction.equals("request");
        List<byte[]> body = chunks(seed * 7919L + mode.ordinal() * 31L + (req ? 1 : 2));
        HttpMessage request = HttpMessage.request("POST", "/orders", "application/json",
                req ? body : HttpMessage.whole("{\"q\":1}"));
        HttpMessage response = HttpMessage.response(200, "application/json", req ? HttpMessage.whole("{}") : body);
        ExtProcFixture f = switch (action) {
            case "alert" -> alert;
            case "block" -> block;
            default -> redact;
        };
        ExchangeResult r = f.envoy.run(EnvoyFilterConfig.both(mode), request, response);
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNull(r.grpcError(), "gRPC error");
        assertFalse(r.serverClosed(), "server closed the stream");
        String eventId = r.sluiceText(direction, "event_id");
        assertNotNull(eventId, "dynamic metadata names the event: " + r.metadata());
        JsonNode event = f.awaitEvent(e -> e.path("exchangeId").asText().equals(eventId)
                && e.path("direction").asText().equals(direction));
        assertTrue(event.toString().contains("\"id\":\"email\""), event.toString());
        assertFalse(event.toString().contains(EMAIL), "no raw value in events");
        assertFalse(r.metadata().toString().contains(EMAIL), "no raw value in metadata");
        String seen = req ? r.requestText() : r.responseText();
        switch (action) {
            case "alert" -> {
                assertNull(r.localReply());
                assertEquals(BODY, seen, "an alert changes nothing");
                assertEquals("alert", r.sluiceText(direction, "verdict"));
                assertEquals("alert", event.path("action").asText());
                assertEquals(1.0, r.sluice(direction, "detectors").getStructValue().getFieldsMap().get("email")
                        .getNumberValue());
            }
            case "block" -> {
                boolean clean = req || mode.holdsHeaders();
                if (clean) {
                    assertNotNull(r.localReply(), "a block is Sluice's 403");
                    assertEquals(403, r.localReply().status());
                    assertEquals("application/json", r.localReply().headers().get("content-type"));
                    assertEquals("block", r.localReply().headers().get("x-sluice-verdict"));
                    JsonNode reply = ExtProcFixture.JSON.readTree(r.localReply().body());
                    assertEquals(eventId, reply.path("event_id").asText());
                    assertEquals("block", event.path("action").asText());
                    if (!req) {
                        assertNull(r.responseBody(), "nothing of a blocked response reaches the client");
                    }
                } else {
                    // Response headers already sent; the fail rule is open: the body finishes, the event says why.
                    assertNull(r.localReply());
                    assertFalse(r.reset());
                    assertEquals(BODY, seen);
                    assertEquals(ProcessingStream.NOTE_HEADERS_SENT, r.sluiceText(direction, "note"));
                    assertTrue(event.path("reason").asText().contains(ProcessingStream.NOTE_HEADERS_SENT),
                            event.toString());
                }
            }
            default -> {
                assertNull(r.localReply());
                assertNotNull(seen);
                assertFalse(seen.contains(EMAIL), "redacted: " + seen);
                assertTrue(seen.contains("[REDACTED"), seen);
                assertEquals(BODY.replace(EMAIL, ""), seen.replaceAll("\\[REDACTED[^\\]]*\\]", ""));
                assertEquals("redact", event.path("action").asText());
                assertEquals("redact", r.sluiceText(direction, "verdict"));
                if (mode.holdsHeaders()) {
                    java.util.Map<String, String> h = req ? r.requestHeaders() : r.responseHeaders();
                    assertEquals("redact", h.get("x-sluice-verdict"), h.toString());
                }
            }
        }
    }
}
