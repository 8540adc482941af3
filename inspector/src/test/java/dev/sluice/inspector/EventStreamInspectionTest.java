package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.sluice.inspector.CorpusManifest.Document;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code text/event-stream} through the real engine: an event's JSON data is read as JSON, with
 * the findings it would have as a JSON body, and a rewriting session releases each event as it
 * ends and keeps every event's data valid JSON.
 */
class EventStreamInspectionTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String SSE = "text/event-stream";
    private static final String PREFIX = "data: ";

    /**
     * Each leak-dev JSON document, sent as one event whose data lines are the document's lines,
     * gives the findings it gives as a JSON body, each at the same bytes of the stream.
     */
    @TestFactory
    Stream<DynamicTest> jsonDocumentsSentAsEventsGiveTheirJsonFindings() throws IOException {
        List<Document> docs = new ArrayList<>();
        for (Document d : CorpusManifest.read("leak-dev")) {
            if ("application/json".equals(d.contentType())) {
                docs.add(d);
            }
        }
        assertTrue(docs.size() > 100, "expected the leak-dev JSON documents, got " + docs.size());
        return docs.stream().map(d -> DynamicTest.dynamicTest(d.file(), () -> assertSameAsJson(d)));
    }

    private static void assertSameAsJson(Document d) throws IOException {
        byte[] json = d.read();
        String doc = new String(json, StandardCharsets.ISO_8859_1); // one char per byte: offsets stay byte offsets
        byte[] stream = ("id: 1\n" + PREFIX + doc.replace("\n", "\n" + PREFIX) + "\n\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        List<String> expected = new ArrayList<>();
        for (Finding f : SessionRuns.inspect(inspector, d.direction(), "application/json", null, json,
                Chunking.whole()).findings()) {
            expected.add(describe(f, streamOffset(doc, f.start()), streamOffset(doc, f.end())));
        }
        Random random = new Random(d.file().hashCode());
        for (Chunking c : List.of(Chunking.whole(), Chunking.random(random, stream.length))) {
            List<String> actual = new ArrayList<>();
            for (Finding f : SessionRuns.inspect(inspector, d.direction(), SSE, null, stream, c).findings()) {
                actual.add(describe(f, f.start(), f.end()));
            }
            assertEquals(expected, actual, d.file() + ", " + c.name());
        }
    }

    /** Where byte {@code offset} of the document stands in its event: after "id: 1\n" and a prefix per line. */
    private static long streamOffset(String doc, long offset) {
        long lines = doc.substring(0, (int) offset).chars().filter(ch -> ch == '\n').count();
        return 6 + PREFIX.length() * (lines + 1) + offset;
    }

    private static String describe(Finding f, long start, long end) {
        return f.id() + "@" + start + "-" + end + " " + f.path() + " key=" + f.key();
    }

    /**
     * JSON data pieces besides the framing: members, a card, an e-mail address, broken syntax,
     * fields and comments (with a card or an address after the data, inspected once it is over).
     */
    private static final String[] JSON_PIECES = {"data: ", "data:{", "data: [", "\n", "\r\n", "\n\n", ": c\n",
            "event: e\n", "id: 5555 5555 5555 4444\n", ": to jan.kowalski@firma-xyz.pl\n", "{\"card\":",
            "\"4111 1111 1111 1111\"", "\"mail\":\"bob.smith@mailbox.org\"", ",", "}",
            "]", "\"", "x", "\\u0040", " "};

    /**
     * Seeded random streams of JSON-looking events, well formed or not, give the same findings,
     * outcome and rewritten bytes one byte at a time as in one chunk.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void randomJsonEventStreamsDoNotDependOnChunking(int seed) {
        byte[] body = TestParserContext.randomPieces(new Random(seed), JSON_PIECES, 80);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(SSE).build();
        SessionRuns.Run whole = SessionRuns.Run.of(SessionRuns.inspect(inspector, spec, body, Chunking.whole()));
        SessionRuns.assertSameRun(whole, SessionRuns.Run.of(SessionRuns.inspectByteByByte(inspector, spec, body)),
                "seed " + seed + ", one byte per chunk");
        assertArrayEquals(RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body, new int[0]),
                RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body,
                        RewritingSessionTest.everyByte(body.length)), "seed " + seed + ", rewritten");
    }

    @Test
    void aRewritingSessionReleasesEachEventAsItEndsWithItsDataStillJson() throws IOException {
        String[] events = {
                "event: message\ndata: {\"id\":\"c1\",\"delta\":{\"content\":\"card 4111 1111 1111 1111\"}}\n\n",
                ": keepalive\n\n",
                "data: {\"user\":{\"email\":\"jan.kowalski@firma-xyz.pl\",\n"
                        + "data:   \"note\":\"line two\"}}\r\n\r\n",
                "data: plain text bob.smith@mailbox.org\n\n",
                "data: [DONE]\n\n"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(SSE).build();
        int sent = 0;
        int redactedBytes = 0;
        try (InspectionSession s = inspector.openRewriting(spec, RewritingSessionTest.ALL, out::write)) {
            for (String e : events) {
                byte[] b = e.getBytes(StandardCharsets.UTF_8);
                s.feed(b, 0, b.length);
                sent += b.length;
                // "[X]" is shorter than what it replaces: the output ends where the event does.
                String released = out.toString(StandardCharsets.UTF_8);
                assertTrue(released.endsWith(e.substring(e.length() - 2)) && released.length() <= sent
                        && released.length() >= sent - 64, "released after an event: " + released);
            }
            assertEquals(3, s.finish().redactedValues());
        }
        String body = out.toString(StandardCharsets.UTF_8);
        assertFalse(body.contains("4111") || body.contains("@"), body);
        String[] rewritten = body.split("\r?\n\r?\n");
        assertJson("{\"id\":\"c1\",\"delta\":{\"content\":\"card [X]\"}}", dataOf(rewritten[0]));
        assertJson("{\"user\":{\"email\":\"[X]\",\n  \"note\":\"line two\"}}", dataOf(rewritten[2]));
        assertEquals("plain text [X]", dataOf(rewritten[3]));
    }

    /**
     * Field and comment lines after an event's data ({@code id:} after {@code data:}, a debug
     * comment) are inspected once the data is over, at their own bytes, and redacted in place;
     * one byte at a time gives the same.
     */
    @Test
    void linesAfterAnEventsDataAreInspectedOnceItIsOver() {
        String stream = "data: {\"msg\":\"hi\",\n"
                + "data: \"n\":1}\nid: 4111 1111 1111 1111\n"
                + ": debug jane.roe@mailbox.org\n\n"
                + "data: {\"n\":2}\n\n";
        byte[] body = stream.getBytes(StandardCharsets.UTF_8);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(SSE).build();
        InspectionResult r = SessionRuns.inspect(inspector, spec, body, Chunking.whole());
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        SessionRuns.onlyFindingAt(r, "credit_card", stream.indexOf("4111"), stream.indexOf("4111") + 19);
        SessionRuns.onlyFindingAt(r, "email", stream.indexOf("jane"), stream.indexOf("jane") + 20);
        SessionRuns.assertSameRun(SessionRuns.Run.of(r),
                SessionRuns.Run.of(SessionRuns.inspectByteByByte(inspector, spec, body)), "one byte per chunk");
        byte[] rewritten = RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body, new int[0]);
        assertEquals(stream.replace("jane.roe@mailbox.org", "[X]").replace("4111 1111 1111 1111", "[X]"),
                new String(rewritten, StandardCharsets.UTF_8));
        assertArrayEquals(rewritten, RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body,
                RewritingSessionTest.everyByte(body.length)), "rewritten one byte per chunk");
    }

    /** Lines after an event's data past their bound (4 KiB an event) are not inspected, and the outcome says so. */
    @Test
    void linesAfterAnEventsDataPastTheirBoundAreALimit() {
        String stream = "data: {\"msg\":\"hi\"}\n: " + "x ".repeat(2_100) + "jane.roe@mailbox.org\n\n";
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(SSE).build();
        InspectionResult r = SessionRuns.inspect(inspector, spec, stream.getBytes(StandardCharsets.UTF_8),
                Chunking.whole());
        assertEquals(Outcome.TOKEN_LIMIT, r.outcome());
        assertEquals(List.of(), r.findings());
    }

    private static void assertJson(String expected, String data) throws IOException {
        assertEquals(expected, data);
        try (JsonParser p = new JsonFactory().createParser(data)) {
            while (p.nextToken() != null) {
                // a parse error throws
            }
        }
    }

    /** The data of one event, as a client joins its data lines. */
    private static String dataOf(String event) {
        StringBuilder data = new StringBuilder();
        for (String line : event.split("\r?\n")) {
            if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
        return data.toString();
    }
}
