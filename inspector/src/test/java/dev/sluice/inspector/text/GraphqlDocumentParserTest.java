package dev.sluice.inspector.text;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphqlDocumentParserTest {
    private static final String TYPE = "application/graphql";

    private static Result parse(String doc) {
        Result r = assertChunkingInvariant(TYPE, doc);
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        return r;
    }

    /** Every byte of the document is in exactly one value, in order. */
    private static void assertPartition(String doc, List<Value> values) {
        long next = 0;
        for (Value v : values) {
            for (String span : v.spans().isEmpty() ? new String[0] : v.spans().split(",")) {
                String[] ends = span.split("[+~]");
                long start = Long.parseLong(ends[0]);
                assertTrue(start >= next, "overlap at " + span + " in " + values);
                next = span.contains("+") ? start + Long.parseLong(ends[1]) : Long.parseLong(ends[1]);
            }
        }
        assertTrue(next <= doc.length(), values.toString());
    }

    @Test
    void eachStringLiteralIsAValueUnderItsArgument() {
        String doc = "{ users(q: \"0 UNION SELECT 1--\", limit: 5) { id name } }";
        List<Value> v = parse(doc).values();
        assertEquals(3, v.size(), v.toString());
        assertEquals("{ users(q: \"", v.get(0).text());
        assertNull(v.get(0).key);
        Value q = v.get(1);
        assertEquals("0 UNION SELECT 1--", q.text());
        assertEquals("q", q.key);
        assertEquals("users", q.parentKey);
        assertEquals("users(q)", q.path);
        assertEquals(doc.indexOf("0 UNION") + "+18", q.spans());
        // Inside the selection set, the piece reads a brace for those before it, on its first byte.
        assertEquals("{\", limit: 5) { id name } }", v.get(2).text());
        int close = doc.indexOf("\", limit");
        assertEquals(close + "~" + (close + 1) + "," + (close + 1) + "+" + (doc.length() - close - 1), v.get(2).spans());
        assertPartition(doc, v);
    }

    @Test
    void escapesAreDecodedWithTheirWireSpans() {
        String doc = "{ a(x: \"\\u0055NION \\\"q\\\"\\t\\u{1F600}\\/\") }";
        Value x = parse(doc).values().get(1);
        assertEquals("UNION \"q\"\t\uD83D\uDE00/", x.text());
        int s = doc.indexOf("\\u0055");
        assertEquals(s + "~" + (s + 6) + "," + (s + 6) + "+5," + (s + 11) + "~" + (s + 13) + "," + (s + 13) + "+1,"
                + (s + 14) + "~" + (s + 16) + "," + (s + 16) + "~" + (s + 18) + "," + (s + 18) + "~" + (s + 27) + ","
                + (s + 27) + "~" + (s + 29), x.spans());
    }

    @Test
    void blockStringsKeepTheirContentAndOnlyAnEscapedTripleQuote() {
        String doc = "mutation { post(body: \"\"\"two\n\"lines\" \\\"\"\" \"\" end\"\"\") { id } }";
        List<Value> v = parse(doc).values();
        Value body = v.get(1);
        assertEquals("two\n\"lines\" \\\"\"\" \"\" end", body.text());
        assertEquals("body", body.key);
        assertEquals("{) { id } }", v.get(2).text());
    }

    static Stream<Arguments> literals() {
        return Stream.of(
                Arguments.of("# it's \"quoted\"\n{ a(b: \"c\") }", "b", "c"),
                Arguments.of("query Q($id: ID = \"42\") { user(id: $id) { name } }", "id", "42"),
                Arguments.of("{ a(b: \"\") { c(d: \"e\") } }", "d", "e"),
                Arguments.of("{ a(input: {card: {number: \"4111 1111 1111 1111\"}}) { id } }", "number",
                        "4111 1111 1111 1111"),
                Arguments.of("{ a(tags: [\"x\"]) }", "tags", "x"));
    }

    @ParameterizedTest
    @MethodSource("literals")
    void theLiteralIsFoundWhereTheLexerSaysItIs(String doc, String key, String text) {
        List<Value> v = parse(doc).values();
        List<Value> keyed = v.stream().filter(x -> x.key != null).toList();
        assertEquals(1, keyed.size(), v.toString());
        assertEquals(key, keyed.getFirst().key);
        assertEquals(text, keyed.getFirst().text());
    }

    @Test
    void aLineBreakEndsAnUnterminatedStringAndTheRestIsRead() {
        List<Value> v = parse("{ a(b: \"open\n  c: \"d\") }").values();
        assertEquals("open", v.get(1).text());
        assertEquals("d", v.get(3).text());
        assertEquals("c", v.get(3).key);
    }

    static Stream<Arguments> openings() {
        return Stream.of(
                Arguments.of("{ users { id } }", true), Arguments.of("  # c\n query Q { a }", true),
                Arguments.of("mutation{a}", true), Arguments.of("fragment F on U { id }", true),
                Arguments.of("{", true), Arguments.of("query about my order", false),
                Arguments.of("queryX { a }", false), Arguments.of("select * from t", false), Arguments.of("", false),
                Arguments.of("subscription", false));
    }

    @ParameterizedTest
    @MethodSource("openings")
    void aDocumentIsRecognisedByItsOpeningAndASelectionSet(String text, boolean expected) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, GraphqlDocumentParser.looksLikeDocument(b, 0, b.length), text);
    }

    /** Seeded random documents of the lexer's tokens: any chunking gives the same values, and every byte is in one. */
    @RepeatedTest(30)
    void randomDocumentsPartitionAndChunkAlike(RepetitionInfo info) {
        Random rnd = new Random(0x6A1 + info.getCurrentRepetition());
        String[] pieces = {"{", "}", "(", ")", "a", "b: ", "\"x\"", "\"\\u00e9\"", "\"\\n\"", "\"\"\"y\"\"\"", "\"\"",
                "# \"c\"\n", "\n", "\"\\", "\\u{41}", "\"\"\"", "\"", " ", "$v", "[", "]", "42", "\\\"\"\"", "\\u12"};
        StringBuilder doc = new StringBuilder();
        for (int i = rnd.nextInt(40); i >= 0; i--) {
            doc.append(pieces[rnd.nextInt(pieces.length)]);
        }
        Result r = assertChunkingInvariant(TYPE, doc.toString());
        assertPartition(doc.toString(), r.values());
    }
}
