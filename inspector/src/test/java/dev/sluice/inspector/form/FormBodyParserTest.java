package dev.sluice.inspector.form;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static dev.sluice.inspector.ValueAssertions.assertValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormBodyParserTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * Parses {@code body} under every chunking and asserts its values, all of them, in order:
     * {@code expected} holds a (key, text, spans) triple per value; the path is the key. A form
     * body is always COMPLETE.
     */
    private static void assertFields(String body, String... expected) {
        Result r = assertChunkingInvariant(FORM, body);
        List<Value> v = r.values();
        assertEquals(expected.length / 3, v.size(), v.toString());
        for (int i = 0; i < v.size(); i++) {
            String key = expected[3 * i];
            assertValue(v.get(i), key, key, expected[3 * i + 1], expected[3 * i + 2]);
        }
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void splitsFieldsAndKeysValuesByDecodedName() {
        assertFields("user=jane&password=s3cr3t&remember_me=true",
                "user", "jane", "5+4",
                "password", "s3cr3t", "19+6",
                "remember_me", "true", "38+4");
    }

    @Test
    void percentEscapeIsOneEscapedByteOverThreeWireBytes() {
        assertFields("email=jane%40mail.net", "email", "jane@mail.net", "6+4,10~13,13+8");
    }

    @Test
    void plusIsAnEscapedSpace() {
        assertFields("q=kettle+1.5l&p=a%20b",
                "q", "kettle 1.5l", "2+6,8~9,9+4",
                "p", "a b", "16+1,17~20,20+1");
    }

    @Test
    void keysArePercentAndPlusDecoded() {
        assertFields("user%5Bpassword%5D=x&first+name=y&a%2=z",
                "user[password]", "x", "19+1",
                "first name", "y", "32+1",
                "a%2", "z", "38+1");
    }

    @Test
    void invalidPercentSequencesPassVerbatim() {
        assertFields("a=100%&b=%zz%4&c=%4g%%41&d=%",
                "a", "100%", "2+4",
                "b", "%zz%4", "9+5",
                "c", "%4g%A", "17+4,21~24",
                "d", "%", "27+1");
    }

    @Test
    void lowerCaseHexDigitOfABrokenEscapeKeepsItsWireByte() {
        assertFields("k=%a&l=%aq",
                "k", "%a", "2+2",
                "l", "%aq", "7+3");
    }

    @Test
    void fieldWithoutEqualsHasAnEmptyValueAndEmptyFieldsHaveNone() {
        assertFields("flag&&x=&=v&&last",
                "flag", "", "",
                "x", "", "",
                "", "v", "10+1",
                "last", "", "");
    }

    @Test
    void multiByteUtf8EscapesAreConsecutiveEscapedBytes() {
        assertFields("name=Sch%C3%A4fer", "name", "Schäfer", "5+3,8~11,11~14,14+3");
    }

    @Test
    void longKeysAreTruncatedAndLongValuesStream() {
        String key = "k".repeat(FormBodyParser.MAX_KEY_BYTES + 50);
        String value = "v".repeat(100_000);
        Result r = TestParserContext.parse(FORM, key + "=" + value);
        Value v = r.values().getFirst();
        assertEquals(FormBodyParser.MAX_KEY_BYTES, v.key.length());
        assertEquals(100_000, v.length());
        assertEquals((key.length() + 1) + "+100000", v.spans());
    }

    @Test
    void partNameIsTheParentKey() {
        RecordingValueSink sink = RecordingValueSink.recording(null);
        TestParserContext ctx = new TestParserContext(sink, InspectionLimits.defaults());
        FormBodyParser p = new FormBodyParser(ctx, 100, "payload");
        byte[] b = "a=1".getBytes(StandardCharsets.US_ASCII);
        p.write(b, 0, b.length);
        p.end();
        Value v = sink.values().getFirst();
        assertEquals("payload", v.parentKey);
        assertEquals("102+1", v.spans());
    }

    @Test
    void verbatimRunsAreOneCallPerChunk() {
        Result r = TestParserContext.parse(FORM, "a=" + "x".repeat(1000) + "&b=" + "y".repeat(1000));
        assertEquals(2, r.sink().verbatimCalls());
    }
}
