package dev.sluice.inspector.form;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
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

    private static void assertValue(Value v, String key, String text, String spans) {
        assertEquals(key, v.key, "key");
        assertEquals(key, v.path, "path");
        assertEquals(text, v.text(), "text of " + key);
        assertEquals(spans, v.spans(), "spans of " + key);
    }

    @Test
    void splitsFieldsAndKeysValuesByDecodedName() {
        Result r = assertChunkingInvariant(FORM, "user=jane&password=s3cr3t&remember_me=true");
        List<Value> v = r.values();
        assertEquals(3, v.size());
        assertValue(v.get(0), "user", "jane", "5+4");
        assertValue(v.get(1), "password", "s3cr3t", "19+6");
        assertValue(v.get(2), "remember_me", "true", "38+4");
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void percentEscapeIsOneEscapedByteOverThreeWireBytes() {
        Result r = assertChunkingInvariant(FORM, "email=jane%40mail.net");
        Value v = r.values().getFirst();
        assertValue(v, "email", "jane@mail.net", "6+4,10~13,13+8");
    }

    @Test
    void plusIsAnEscapedSpace() {
        Result r = assertChunkingInvariant(FORM, "q=kettle+1.5l&p=a%20b");
        assertValue(r.values().get(0), "q", "kettle 1.5l", "2+6,8~9,9+4");
        assertValue(r.values().get(1), "p", "a b", "16+1,17~20,20+1");
    }

    @Test
    void keysArePercentAndPlusDecoded() {
        Result r = assertChunkingInvariant(FORM, "user%5Bpassword%5D=x&first+name=y&a%2=z");
        assertValue(r.values().get(0), "user[password]", "x", "19+1");
        assertValue(r.values().get(1), "first name", "y", "32+1");
        assertValue(r.values().get(2), "a%2", "z", "38+1");
    }

    @Test
    void invalidPercentSequencesPassVerbatim() {
        Result r = assertChunkingInvariant(FORM, "a=100%&b=%zz%4&c=%4g%%41&d=%");
        assertValue(r.values().get(0), "a", "100%", "2+4");
        assertValue(r.values().get(1), "b", "%zz%4", "9+5");
        assertValue(r.values().get(2), "c", "%4g%A", "17+4,21~24");
        assertValue(r.values().get(3), "d", "%", "27+1");
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void lowerCaseHexDigitOfABrokenEscapeKeepsItsWireByte() {
        Result r = assertChunkingInvariant(FORM, "k=%a&l=%aq");
        assertValue(r.values().get(0), "k", "%a", "2+2");
        assertValue(r.values().get(1), "l", "%aq", "7+3");
    }

    @Test
    void fieldWithoutEqualsHasAnEmptyValueAndEmptyFieldsHaveNone() {
        Result r = assertChunkingInvariant(FORM, "flag&&x=&=v&&last");
        List<Value> v = r.values();
        assertEquals(4, v.size(), v.toString());
        assertValue(v.get(0), "flag", "", "");
        assertValue(v.get(1), "x", "", "");
        assertValue(v.get(2), "", "v", "10+1");
        assertValue(v.get(3), "last", "", "");
    }

    @Test
    void multiByteUtf8EscapesAreConsecutiveEscapedBytes() {
        Result r = assertChunkingInvariant(FORM, "name=Sch%C3%A4fer");
        assertValue(r.values().getFirst(), "name", "Schäfer", "5+3,8~11,11~14,14+3");
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
