package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.matchers.Direction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON sent under another label is read as JSON, and only what opens like JSON is. */
class GuessingBodyParserTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    /** Spring Boot's /actuator/env: the secret's name is the key one object up from its value. */
    static final String ACTUATOR = "{\"propertySources\":[{\"name\":\"systemEnvironment\",\"properties\":"
            + "{\"SPRING_DATASOURCE_PASSWORD\":{\"value\":\"Wq3rTz8kLm2p\"}}}]}";

    private static InspectionResult inspect(String contentType, byte[] body, SessionRuns.Chunking chunking) {
        return SessionRuns.inspect(inspector, Direction.RESPONSE, contentType, null, body, chunking);
    }

    private static InspectionResult inspect(String contentType, String body) {
        return inspect(contentType, body.getBytes(StandardCharsets.UTF_8), SessionRuns.Chunking.whole());
    }

    private static List<String> ids(InspectionResult r) {
        return r.findings().stream().map(f -> f.id() + "@" + f.start() + ":" + f.path()).sorted().toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "{\"a\":1}|true", "  \n\t{ \"a\"|true", "{}|true", "[{\"a\"|true", "[ \"x\", 1]|true", "[]|true",
            "[[1]]|true", "[2026-11-22 10:00:01] ERROR|false", "[INFO] started|false", "{ not json|false",
            "{{template}}|false", "hello {\"a\":1}|false", "<html>|false", "[1, 2]|false",
            "|NULL", "   |NULL", "{|NULL", "[ |NULL"})
    void guessesFromTheOpeningOnly(String head, Boolean expected) {
        byte[] b = head == null ? new byte[0] : head.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, GuessingBodyParser.looksLikeJson(b, b.length), head);
    }

    @Test
    void aByteOrderMarkIsSkippedAndHalfOfOneWaits() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"'};
        assertEquals(Boolean.TRUE, GuessingBodyParser.looksLikeJson(bom, bom.length));
        assertNull(GuessingBodyParser.looksLikeJson(bom, 2));
        byte[] other = {(byte) 0xEF, 'x'};
        assertEquals(Boolean.FALSE, GuessingBodyParser.looksLikeJson(other, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/html", "application/octet-stream", ""})
    void jsonUnderAnotherLabelIsReadWithItsStructure(String contentType) {
        InspectionResult r = inspect(contentType.isEmpty() ? null : contentType, ACTUATOR);
        assertEquals(List.of("password_field@" + ACTUATOR.indexOf("Wq3r")
                + ":$.propertySources[0].properties.SPRING_DATASOURCE_PASSWORD.value"), ids(r));
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    /** An upload of a JSON file is parsed by the service as JSON whatever its part's label says. */
    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/octet-stream", "image/png", ""})
    void jsonInAMultipartPartUnderAnotherLabelIsReadWithItsStructure(String partType) {
        String head = "--b\r\nContent-Disposition: form-data; name=\"env\"; filename=\"env.json\"\r\n"
                + (partType.isEmpty() ? "" : "Content-Type: " + partType + "\r\n") + "\r\n";
        byte[] body = (head + ACTUATOR + "\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
        InspectionResult r = inspect("multipart/form-data; boundary=b", body, SessionRuns.Chunking.whole());
        assertEquals(List.of("password_field@" + (head.length() + ACTUATOR.indexOf("Wq3r"))
                + ":$.propertySources[0].properties.SPRING_DATASOURCE_PASSWORD.value"), ids(r));
        assertEquals(Outcome.COMPLETE, r.outcome());
        Random rnd = new Random(0x5EED + partType.length());
        for (int i = 0; i < 10; i++) {
            SessionRuns.Chunking cuts = SessionRuns.Chunking.random(rnd, body.length);
            assertEquals(ids(r), ids(inspect("multipart/form-data; boundary=b", body, cuts)), cuts.name());
        }
    }

    /** The guess waits for bytes across chunks: every cut gives the findings of the body in one piece. */
    @RepeatedTest(20)
    void anyChunkingGivesTheSameFindings(RepetitionInfo info) {
        Random rnd = new Random(0x5EED + info.getCurrentRepetition());
        byte[] body = ("   \n" + ACTUATOR).getBytes(StandardCharsets.UTF_8);
        SessionRuns.Chunking cuts = SessionRuns.Chunking.random(rnd, body.length);
        assertEquals(ids(inspect("text/plain", body, SessionRuns.Chunking.whole())),
                ids(inspect("text/plain", body, cuts)), cuts.name());
    }

    @Test
    void whatStopsBeingJsonIsTextAsLabelledNotAParseFailure() {
        String body = "{\"level\":\"info\",\"msg\":\"login\"} then password=Wq3rTz8kLm2p from the next line";
        InspectionResult asText = inspect("text/plain", body);
        assertEquals(Outcome.COMPLETE, asText.outcome(), "a guess that did not hold is no failure");
        assertTrue(ids(asText).contains("password_field@" + body.indexOf("Wq3r") + ":"), ids(asText).toString());
        InspectionResult asJson = inspect("application/json", body);
        assertEquals(Outcome.PARSE_ERROR, asJson.outcome(), "a body that says it is JSON and is not still fails");
    }

    @Test
    void logLinesInBracketsStayText() {
        String body = "[2026-11-22 10:00:01] ERROR db password=Wq3rTz8kLm2p\n";
        InspectionResult r = inspect("text/plain", body);
        assertEquals(List.of("password_field@" + body.indexOf("Wq3r") + ":"), ids(r));
    }

    /** Redacted as JSON, the body stays JSON: a card written as a number is replaced by a string. */
    @Test
    void aGuessedBodyIsRedactedAsJson() throws Exception {
        String body = "{\"card\":4111111111111111,\"n\":1}";
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("text/html").build();
        for (int[] cuts : new int[][] {new int[0], RewritingSessionTest.everyByte(body.length())}) {
            String out = new String(RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL,
                    body.getBytes(StandardCharsets.UTF_8), cuts), StandardCharsets.UTF_8);
            assertEquals("{\"card\":\"[X]\",\"n\":1}", out);
            new ObjectMapper().readTree(out);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "<?xml version=\"1.0\"?>|true", "\n  <?xml\tversion|true", "<?xml-stylesheet href|false", "<html>|false",
            "<soap:Envelope>|false", "<?xm|NULL", "<?xml|NULL", "|NULL"})
    void xmlIsGuessedOnlyFromItsDeclaration(String head, Boolean expected) {
        byte[] b = head == null ? new byte[0] : head.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, GuessingBodyParser.looksLikeXml(b, b.length), head);
    }

    /** A SOAP fault answered as text/plain (or with no type) is read as XML; a page labelled HTML stays HTML. */
    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/octet-stream", ""})
    void xmlUnderAnotherLabelIsReadWithItsElements(String contentType) {
        String body = "<?xml version=\"1.0\"?>\n<Fault><detail><dbPassword>Wq3rTz8kLm2p</dbPassword></detail></Fault>";
        for (int[] cuts : new int[][] {new int[0], RewritingSessionTest.everyByte(body.length())}) {
            InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, contentType.isEmpty() ? null : contentType,
                    null, body.getBytes(StandardCharsets.UTF_8), cuts.length == 0 ? SessionRuns.Chunking.whole()
                            : SessionRuns.Chunking.at("every byte", cuts));
            assertEquals(List.of("password_field@" + body.indexOf("Wq3r") + ":/Fault/detail/dbPassword"), ids(r));
        }
        InspectionResult html = inspect("text/html", body);
        assertTrue(ids(html).stream().noneMatch(id -> id.contains("/Fault")), "HTML keeps its own reading: " + ids(html));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "id=1|true|true", "a[b].c=x&d=2|true|true", "q=one two three|true|true", "%5Fx=1|true|true",
            "id=1\\n|true|true", "id=1\\r\\n|true|true", "DB_PASSWORD=x\\nAPI_KEY=y|true|false", "hello world|true|false",
            "=x|true|false", "id|true|false", "{\"a\"=1}|true|false", "id=1|false|NULL", "id|false|NULL",
            "id=1\\n|false|NULL", "|false|NULL"})
    void aFormIsGuessedFromItsFirstField(String head, boolean ended, Boolean expected) {
        byte[] b = head == null ? new byte[0]
                : head.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, GuessingBodyParser.looksLikeForm(b, b.length, ended), head);
    }

    @Test
    void aFormsFirstFieldLongerThanTheHeldBytesStillCounts() {
        byte[] b = ("token=" + "x".repeat(GuessingBodyParser.GUESS_BYTES)).getBytes(StandardCharsets.UTF_8);
        assertEquals(Boolean.TRUE, GuessingBodyParser.looksLikeForm(b, GuessingBodyParser.GUESS_BYTES, false));
        byte[] name = "n".repeat(GuessingBodyParser.GUESS_BYTES).getBytes(StandardCharsets.UTF_8);
        assertEquals(Boolean.FALSE, GuessingBodyParser.looksLikeForm(name, name.length, false));
    }

    /**
     * A request body with no Content-Type that opens with a field is read as a form, its values
     * percent-decoded and named, in any chunking; a response's, or one labelled text, stays text.
     */
    @Test
    void anUnlabelledRequestBodyThatOpensWithAFieldIsReadAsAForm() {
        String body = "user=bob&id=1%27%20OR%20%271%27%3D%271";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int[] cuts : new int[][] {new int[0], RewritingSessionTest.everyByte(body.length())}) {
            SessionRuns.Chunking chunking = cuts.length == 0 ? SessionRuns.Chunking.whole()
                    : SessionRuns.Chunking.at("every byte", cuts);
            InspectionResult r = SessionRuns.inspect(inspector, Direction.REQUEST, null, null, bytes, chunking);
            assertEquals(List.of("attack.sqli@" + body.indexOf("1%27") + ":id"), ids(r));
        }
        assertTrue(ids(SessionRuns.inspect(inspector, Direction.REQUEST, "text/plain", null, bytes,
                SessionRuns.Chunking.whole())).stream().noneMatch(id -> id.endsWith(":id")));
        String env = "DB_PASSWORD=Wq3rTz8kLm2p\nAPI_HOST=db.internal\n";
        InspectionResult text = SessionRuns.inspect(inspector, Direction.REQUEST, null, null,
                env.getBytes(StandardCharsets.UTF_8), SessionRuns.Chunking.whole());
        assertEquals(List.of("password_field@" + env.indexOf("Wq3r") + ":"), ids(text), "a .env file stays text");
    }

    /** A guessed form in a request that is redacted stays a form: its value is replaced percent-encoded. */
    @Test
    void aGuessedFormIsRedactedAsAForm() {
        String body = "card=4111111111111111&n=1";
        BodySpec spec = BodySpec.builder(Direction.REQUEST).build();
        for (int[] cuts : new int[][] {new int[0], RewritingSessionTest.everyByte(body.length())}) {
            String out = new String(RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL,
                    body.getBytes(StandardCharsets.UTF_8), cuts), StandardCharsets.UTF_8);
            assertEquals("card=%5BX%5D&n=1", out);
        }
    }
}
