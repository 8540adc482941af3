package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A feed rewritten as it streams gives each piece to its reader once the piece is whole, the
 * newline that ends it included: a line of NDJSON, a Kubernetes watch's event object, a JSON text
 * sequence's record, a followed log's line. A front end waits for the
 * reader to take one piece before the service sends the next, so a piece held back for bytes
 * that may never come would stall the feed.
 */
class FeedReleaseTest {
    private static final Inspector inspector = BuiltinEngine.inspector();

    record Feed(String contentType, List<String> pieces, String leaked) {
        @Override
        public String toString() {
            return contentType;
        }
    }

    static List<Feed> feeds() {
        return List.of(
                new Feed("application/x-ndjson", List.of("{\"n\":1,\"done\":false}\n",
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":false}\n",
                        "{\"contact\":\"jane.doe@fastmail.com\",\"done\":true}\n", "{\"n\":4}\n"),
                        "jane.doe@fastmail.com"),
                new Feed("application/json", List.of("{\"type\":\"ADDED\",\"object\":{\"n\":1}}\n",
                        "{\"type\":\"MODIFIED\",\"object\":{\"data\":{\"contact\":\"jane.doe@fastmail.com\"}}}\n",
                        "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"12\"}}}\n"),
                        "jane.doe@fastmail.com"),
                // RFC 7464: each text after a record separator.
                new Feed("application/json-seq", List.of("\u001e{\"n\":1}\n",
                        "\u001e{\"contact\":\"jane.doe@fastmail.com\"}\n", "\u001e[1,2]\n"),
                        "jane.doe@fastmail.com"),
                // A followed log (kubectl logs -f): one text value that never ends, released at each
                // line break, a finding at a line's end included (MatchBreaks).
                new Feed("text/plain", List.of("2026-11-23T10:00:01Z GET /orders 200 12ms\n",
                        "2026-11-23T10:00:02Z signup contact=jane.doe@fastmail.com\n",
                        "2026-11-23T10:00:03Z GET /healthz 200 1ms\n"),
                        "jane.doe@fastmail.com"));
    }

    @ParameterizedTest
    @MethodSource("feeds")
    void eachPieceIsReleasedOnceWhole(Feed feed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(feed.contentType()).build();
        try (InspectionSession s = inspector.openRewriting(spec, RewritingSessionTest.ALL, out::write)) {
            for (String piece : feed.pieces()) {
                byte[] b = piece.getBytes(StandardCharsets.UTF_8);
                s.feed(b, 0, b.length);
                String released = out.toString(StandardCharsets.UTF_8);
                assertTrue(released.endsWith("\n") && released.lines().count() == feed.pieces().indexOf(piece) + 1,
                        "after " + piece.strip() + " released: " + released);
            }
            s.finish();
        }
        String body = out.toString(StandardCharsets.UTF_8);
        assertFalse(body.contains(feed.leaked()), body);
        assertEquals(feed.pieces().size(), body.lines().count(), body);
    }

    /** A JSON text sequence is JSON, its record separators between texts: no parse error, paths as JSON's. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64})
    void aJsonTextSequenceIsReadAsJson(int chunk) {
        byte[] body = "\u001e{\"n\":1}\n\u001e{\"user\":{\"contact\":\"jane.doe@fastmail.com\"}}\n"
                .getBytes(StandardCharsets.UTF_8);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json-seq").build();
        InspectionResult result;
        try (InspectionSession s = inspector.open(spec)) {
            for (int off = 0; off < body.length; off += chunk) {
                s.feed(body, off, Math.min(chunk, body.length - off));
            }
            result = s.finish();
        }
        assertEquals(Outcome.COMPLETE, result.outcome(), result.detail());
        assertEquals(List.of("$.user.contact"), result.findings().stream().map(Finding::path).toList());
    }
}
