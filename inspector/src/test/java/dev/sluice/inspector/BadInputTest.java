package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.inspector.SessionRuns.Run;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 2's bad-input requirement, end to end through {@link InspectionSession}: malformed,
 * truncated, mis-encoded, deeply nested, oversized, mislabelled and compressed-bomb bodies each
 * end in a defined {@link Outcome} with the findings made up to that point, never an exception,
 * and, where it could grow, bounded memory. Small bodies are also checked to give the same
 * result under any chunking. Decompression bombs and
 * oversized bodies: {@link BoundedInputTest}.
 */
class BadInputTest {
    static final String TOKEN = "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";
    static final String MAIL = "jane.roe@mailbox.org";

    private static final Inspector inspector = BuiltinEngine.inspector();

    @Test
    void malformedJsonIsAParseErrorAndTheRestIsScannedAsRawText() {
        String body = "{\"user\": {\"email\": \"" + MAIL + "\"}, \"ids\": [1, 2,, 3], \"token\": \"" + TOKEN + "\"}";
        InspectionResult r = inspect("application/json", null, utf8(body));
        assertEquals(Outcome.PARSE_ERROR, r.outcome());
        // Before the error: a JSON value with its path. After it: raw text, so no path.
        assertEquals("$.user.email", foundAt(r, "email", body, MAIL).path());
        assertEquals("", foundAt(r, "github_token", body, TOKEN).path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"token\": \"%s\"} trailing garbage", "{\"token\" \"%s\"}", "{'token': '%s'}",
            "[\"%s\"]]", "{\"a\":1}{\"token\": \"%s\"", "\u0000{\"token\": \"%s\"}", "{\"token\": \"%s\"\u0001}"})
    void everyKindOfMalformedJsonStillFindsTheSecret(String template) {
        String body = template.formatted(TOKEN);
        InspectionResult r = inspect("application/json", null, utf8(body));
        assertTrue(r.outcome() == Outcome.PARSE_ERROR || r.outcome() == Outcome.TRUNCATED, r.outcome().name());
        foundAt(r, "github_token", body, TOKEN);
    }

    @Test
    void jsonCutOffAfterAValueIsTruncatedAndKeepsItsFindings() {
        String body = "{\"user\": {\"email\": \"" + MAIL + "\", \"tags\": [";
        InspectionResult r = inspect("application/json", null, utf8(body));
        assertEquals(Outcome.TRUNCATED, r.outcome());
        assertEquals("$.user.email", foundAt(r, "email", body, MAIL).path());
    }

    @Test
    void jsonCutOffInsideAStringIsTruncatedAndTheOpenStringIsScannedRaw() {
        String body = "{\"user\": {\"email\": \"" + MAIL + "\", \"token\": \"" + TOKEN + " and more";
        foundAt(expect(Outcome.TRUNCATED, "application/json", null, body), "email", body, MAIL);
    }

    /**
     * Jackson rejects these invalid UTF-8 sequences inside a string (bad continuation, bytes
     * that never occur, a cut sequence, a surrogate, a lone continuation byte), so the body is a
     * PARSE_ERROR and the rest, from the last complete token, is scanned as raw bytes: the secret
     * after the bad bytes is still found, at its wire offsets.
     */
    @ParameterizedTest
    @ValueSource(strings = {"C328", "FF", "FE", "E282", "EDA080", "80"})
    void invalidUtf8InAJsonStringIsAParseErrorAndTheSecretAfterItIsFound(String badHex) {
        InspectionResult r = inspect("application/json", null, noteThenToken(badHex));
        assertEquals(Outcome.PARSE_ERROR, r.outcome());
        assertEquals("", foundAt(r, "github_token", noteThenToken(badHex), TOKEN).path());
    }

    /**
     * Jackson lets an overlong encoding and a code point above U+10FFFF pass (it does not check
     * them); values reach the matchers as their wire bytes, so nothing is lost by that.
     */
    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "F4908080"})
    void utf8JacksonDoesNotCheckIsParsedAsJson(String badHex) {
        InspectionResult r = inspect("application/json", null, noteThenToken(badHex));
        assertEquals(Outcome.COMPLETE, r.outcome());
        assertEquals("$.token", foundAt(r, "github_token", noteThenToken(badHex), TOKEN).path());
    }

    private static byte[] noteThenToken(String badHex) {
        return concat(utf8("{\"note\": \"caf"), hex(badHex), utf8(" au lait\", \"token\": \"" + TOKEN + "\"}"));
    }

    @Test
    void invalidUtf8InTextIsJustBytes() {
        byte[] body = concat(hex("FFFEC328E282"), utf8(" token=" + TOKEN + " "), hex("C0AFEDA080F4908080"),
                utf8(" mail " + MAIL + " "), hex("E2"));
        InspectionResult r = inspect("text/plain; charset=utf-8", null, body);
        assertEquals(Outcome.COMPLETE, r.outcome());
        foundAt(r, "github_token", body, TOKEN);
        foundAt(r, "email", body, MAIL);
    }

    @Test
    void tenThousandDeepJsonIsADepthLimitAndTheValueInsideIsStillFound() {
        String body = "[".repeat(10_000) + "{\"token\": \"" + TOKEN + "\"}" + "]".repeat(10_000);
        expect(Outcome.DEPTH_LIMIT, "application/json", null, body);
    }

    @Test
    void tenThousandDeepObjectsAreADepthLimitToo() {
        String body = "{\"a\":".repeat(10_000) + "\"" + TOKEN + "\"" + "}".repeat(10_000);
        expect(Outcome.DEPTH_LIMIT, "application/json", null, body);
    }

    /**
     * A deep document inside a JSON string is a document of its own: its depth limit makes its
     * parser scan the rest of the string as text, which covers every byte, so the body is
     * COMPLETE (problems of a string that only looks like JSON are kept apart from the body's).
     */
    @Test
    void tenThousandDeepJsonInsideAStringIsScannedAndTheSecretFound() {
        String inner = "[".repeat(10_000) + "\\\"" + TOKEN + "\\\"" + "]".repeat(10_000);
        String body = "{\"email\": \"" + MAIL + "\", \"doc\": \"" + inner + "\"}";
        InspectionResult r = expect(Outcome.COMPLETE, "application/json", null, body);
        assertEquals("$.email", foundAt(r, "email", body, MAIL).path());
    }

    @Test
    void jsonInsideJsonInsideJsonBeyondTheNestingLimitIsStillScanned() {
        // Five levels of documents in strings, each level escaping the quotes of the one inside.
        String doc = "{\"token\": \"" + TOKEN + "\"}";
        for (int level = 0; level < 5; level++) {
            doc = "{\"doc\": \"" + doc.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        }
        expect(Outcome.COMPLETE, "application/json", null, doc);
    }

    /**
     * Multipart without a boundary parameter, or whose boundary never appears: PARSE_ERROR and
     * the whole body scanned raw. Without its close delimiter: TRUNCATED, the open part kept.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/form-data                           | --XyZ-- | PARSE_ERROR",
        "multipart/form-data; boundary=NeverInTheBody  | --XyZ-- | PARSE_ERROR",
        "multipart/form-data; boundary=\"\"            | --XyZ-- | PARSE_ERROR",
        "multipart/form-data; boundary=XyZ             | ''      | TRUNCATED"})
    void brokenMultipartIsAnOutcomeAndThePartIsStillScanned(String contentType, String close, Outcome outcome) {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + TOKEN + "\r\n" + close;
        expect(outcome, contentType, null, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-unheard-of", "video/mp4", "nonsense", ";;;", "application/octet-stream", ""})
    @NullSource
    void unknownOrMissingContentTypeIsScannedRaw(String contentType) {
        String body = "\u0001\u0002 token=" + TOKEN + " \u0003 contact " + MAIL;
        foundAt(expect(Outcome.COMPLETE, contentType, null, body), "email", body, MAIL);
    }

    /** A coding Sluice cannot undo is said so, and the body is scanned as it came. */
    @ParameterizedTest
    @ValueSource(strings = {"compress", "x-compress", "snappy", "exi", "pack200-gzip", "gzip;q=1", "\u0000evil\r\n"})
    void unsupportedContentEncodingIsSaidAndTheBodyScannedAsIs(String coding) {
        InspectionResult r = expect(Outcome.UNSUPPORTED_ENCODING, "application/json", coding,
                "{\"token\": \"" + TOKEN + "\"}");
        assertTrue(r.detail().chars().allMatch(c -> c >= 0x21 && c < 0x7f), "detail is sanitized: " + r.detail());
        assertEquals("$.token", SessionRuns.findingsOf(r, "github_token").getFirst().path());
    }

    @Test
    void randomBytesUnderEveryContentTypeGiveAnOutcomeAndNoException() {
        Random random = new Random(20_240_601L);
        String[] types = {"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
            "text/html", "text/csv", "text/plain", "application/grpc", "application/x-protobuf", "message/http", null};
        String[] codings = {null, "gzip", "deflate", "br", "zstd"};
        for (int i = 0; i < 300; i++) {
            byte[] body = new byte[random.nextInt(2048)];
            random.nextBytes(body);
            String type = types[random.nextInt(types.length)];
            String coding = codings[random.nextInt(codings.length)];
            InspectionResult r = SessionRuns.inspect(inspector, Direction.REQUEST, type, coding, body,
                    Chunking.random(random, body.length));
            assertEquals(body.length, r.inspectedBytes(), type + " " + coding);
            assertNoStageThrew(r);
        }
    }

    /**
     * The session turns an exception a stage throws into PARSE_ERROR with an "inspection error"
     * detail, so it never reaches the caller; for bad input that is still a bug in the stage.
     */
    static void assertNoStageThrew(InspectionResult r) {
        assertFalse(r.detail().startsWith("inspection error"), r.detail());
    }

    /**
     * Inspects {@code body} as one chunk and asserts that one byte per chunk and seeded random
     * cuts give the same findings, outcome and byte count.
     */
    static InspectionResult inspect(String contentType, String contentEncoding, byte[] body) {
        InspectionResult whole = SessionRuns.inspect(inspector, Direction.REQUEST, contentType, contentEncoding, body,
                Chunking.whole());
        Run expected = Run.of(whole);
        assertNoStageThrew(whole);
        assertEquals(body.length, whole.inspectedBytes(), "inspected bytes");
        SessionRuns.assertSameRun(expected, Run.of(SessionRuns.inspectByteByByte(inspector, Direction.REQUEST,
                contentType, contentEncoding, body)), "one byte per chunk");
        Random random = new Random(body.length);
        for (int i = 0; i < 3; i++) {
            Chunking c = Chunking.random(random, body.length);
            SessionRuns.assertSameRun(expected, Run.of(SessionRuns.inspect(inspector, Direction.REQUEST, contentType,
                    contentEncoding, body, c)), c.name());
        }
        return whole;
    }

    /** Inspects {@code body} every way, asserts {@code outcome} and that {@link #TOKEN} is found exactly. */
    private static InspectionResult expect(Outcome outcome, String contentType, String contentEncoding, String body) {
        InspectionResult r = inspect(contentType, contentEncoding, utf8(body));
        assertEquals(outcome, r.outcome(), r.detail());
        foundAt(r, "github_token", body, TOKEN);
        return r;
    }

    /** The one finding of {@code id} and asserts it spans exactly {@code value}'s first occurrence in {@code body}. */
    static Finding foundAt(InspectionResult r, String id, String body, String value) {
        return foundAt(r, id, utf8(body), value);
    }

    static Finding foundAt(InspectionResult r, String id, byte[] body, String value) {
        int at = SessionRuns.offsetOf(body, utf8(value));
        return SessionRuns.onlyFindingAt(r, id, at, at + utf8(value).length);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
