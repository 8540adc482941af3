package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text a language model's API streams a few bytes per event: what crosses events is found once,
 * on the delta path, from its first byte in one event to its last in another; record feeds and
 * repeated fields are not joined; a rewriting session masks the part still held.
 */
class StreamedTextInspectionTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final BodySpec SSE = BodySpec.builder(Direction.RESPONSE).contentType("text/event-stream").build();
    private static final String CONTENT = "$.choices[0].delta.content";

    /** An OpenAI-style chat completion chunk per piece. */
    private static String openAi(String... pieces) {
        StringBuilder s = new StringBuilder();
        for (String p : pieces) {
            s.append("data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
                    .append("\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(p)
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        return s.append("data: [DONE]\n\n").toString();
    }

    private static InspectionResult inspect(String stream) {
        return SessionRuns.inspect(inspector, SSE, bytes(stream), Chunking.whole());
    }

    @Test
    void aCardStreamedAcrossEventsIsFoundOnceFromItsFirstByteToItsLast() {
        String stream = openAi("Sure, the card on file is", " 4111", " 1111", " 111", "1 1111", ". Anything else?");
        InspectionResult r = inspect(stream);
        Finding card = SessionRuns.onlyFindingAt(r, "credit_card", stream.indexOf("4111"),
                stream.indexOf("1 1111\"") + 6);
        assertEquals(CONTENT, card.path());
        assertEquals(1, r.findings().size(), r.findings().toString());
        SessionRuns.assertSameRun(SessionRuns.Run.of(r),
                SessionRuns.Run.of(SessionRuns.inspectByteByByte(inspector, SSE, bytes(stream))), "one byte per chunk");
    }

    @Test
    void aMatchThatGrowsOverSeveralEventsIsReportedOnceWhole() {
        // john.doe@acme.co is an address already; .uk makes it longer, not another one.
        String stream = openAi("Write to jo", "hn.doe@", "acme", ".co", ".uk", " today");
        InspectionResult r = inspect(stream);
        SessionRuns.onlyFindingAt(r, "email", stream.indexOf("jo\""), stream.indexOf(".uk\"") + 3);
        assertEquals(1, r.findings().size(), r.findings().toString());
    }

    @Test
    void anAddressWholeInOneEventAndLongerWithTheNextIsReportedOnceAtItsLongest() {
        String stream = openAi("mail jane.roe@mailbox.co", "m today");
        InspectionResult r = inspect(stream);
        SessionRuns.onlyFindingAt(r, "email", stream.indexOf("jane"), stream.indexOf("m today") + 1);
        assertEquals(1, r.findings().size(), r.findings().toString());
    }

    /**
     * A token streamed four bytes per event matches as a generic key from its first pieces and
     * as a JWT only once its signature has come: one finding, the JWT, from its first byte.
     */
    @Test
    void aTokenReadAsAGenericKeyUntilItsLastPiecesIsOneFindingOfItsRealKind() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String jwt = b64.encodeToString(bytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "."
                + b64.encodeToString(bytes("{\"sub\":\"1234567890\",\"name\":\"Jane Roe\",\"iat\":1716239022}")) + "."
                + b64.encodeToString(new Random(3).ints(32, 0, 256).collect(ByteArrayOutputStream::new,
                        ByteArrayOutputStream::write, (x, y) -> x.writeBytes(y.toByteArray())).toByteArray());
        String text = "Here is the token: " + jwt + " use it.";
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < text.length(); at += 4) {
            pieces.add(text.substring(at, Math.min(text.length(), at + 4)));
        }
        String stream = openAi(pieces.toArray(String[]::new));
        InspectionResult r = inspect(stream);
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertEquals("jwt", r.findings().getFirst().id());
        // "Here is the token: " is 19 bytes: the token opens in the fifth piece, "n: e".
        assertEquals(stream.indexOf("\"n: e\"") + 4, r.findings().getFirst().start());
    }

    @Test
    void anthropicTextDeltasAreJoinedAcrossPingsAndOtherEvents() {
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n"
                + delta("Your SSN is 078-") + "event: ping\ndata: {\"type\": \"ping\"}\n\n" + delta("05-11")
                + delta("20, keep it safe.")
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        InspectionResult r = inspect(stream);
        Finding ssn = SessionRuns.onlyFindingAt(r, "us_ssn", stream.indexOf("078-"), stream.indexOf("20, keep") + 2);
        assertEquals("$.delta.text", ssn.path());
    }

    private static String delta(String text) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
    }

    /** Ollama's chat API streams NDJSON, a line per piece; a plain JSON body's values are not joined. */
    @Test
    void ndjsonLinesAreJoinedLikeEvents() {
        StringBuilder lines = new StringBuilder();
        for (String piece : new String[] {"Your card is 4111", " 1111 11", "11 1111", ", thanks"}) {
            lines.append("{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"").append(piece)
                    .append("\"},\"done\":false}\n");
        }
        String body = lines.toString();
        BodySpec ndjson = BodySpec.builder(Direction.RESPONSE).contentType("application/x-ndjson").build();
        InspectionResult r = SessionRuns.inspect(inspector, ndjson, bytes(body), Chunking.whole());
        Finding card = SessionRuns.onlyFindingAt(r, "credit_card", body.indexOf("4111"), body.indexOf("11 1111") + 7);
        assertEquals("$.message.content", card.path());
        // Fed whole, every line is still held when the card is found: each piece of it is masked.
        String masked = new String(RewritingSessionTest.rewrite(inspector, ndjson, RewritingSessionTest.ALL, bytes(body),
                new int[0]), StandardCharsets.UTF_8);
        assertEquals(body.replace("is 4111\"", "is ****\"").replace("\" 1111 11\"", "\"********\"")
                .replace("\"11 1111\"", "\"*******\""), masked);
        // One byte at a time, the earlier lines left before the card was whole: only the last piece is masked.
        String streamed = new String(RewritingSessionTest.rewrite(inspector, ndjson, RewritingSessionTest.ALL,
                bytes(body), RewritingSessionTest.everyByte(body.length())), StandardCharsets.UTF_8);
        assertEquals(body.replace("\"11 1111\"", "\"*******\""), streamed);
        BodySpec json = BodySpec.builder(Direction.RESPONSE).contentType("application/json").build();
        assertEquals(List.of(), SessionRuns.inspect(inspector, json, bytes(body), Chunking.whole()).findings());
    }

    @Test
    void recordFeedsAreNotJoinedButStreamedTextIs() {
        // Whole values under a record's keys: a card of their junction would be a false finding.
        String feed = "data: {\"note\":\"ref 4111 1111\"}\n\ndata: {\"note\":\" 1111 1111 ok\"}\n\n";
        assertEquals(List.of(), inspect(feed).findings());
        String text = feed.replace("note", "text");
        assertEquals(1, SessionRuns.findingsOf(inspect(text), "credit_card").size());
    }

    @Test
    void aFieldUnderADeltaObjectThatRepeatsOneValueIsNotJoinedToItself() {
        // The same $.delta.label twice: the second is joined (nothing says yet that it repeats),
        // the third is not; were it joined, 4111 1111 1111 + 1111 would be a card.
        String stream = "data: {\"delta\":{\"label\":\"a 4111 1111 1111\"}}\n\n".repeat(2)
                + "data: {\"delta\":{\"label\":\" 1111 b\"}}\n\n";
        assertEquals(List.of(), inspect(stream).findings());
    }

    /** Tokens repeat: a card streamed as four-digit groups is three equal pieces running. */
    @Test
    void aCardStreamedInEqualPiecesIsFound() {
        String stream = openAi("card", " 4111", " 1111", " 1111", " 1111", " ok");
        SessionRuns.onlyFindingAt(inspect(stream), "credit_card", stream.indexOf("4111"),
                stream.lastIndexOf(" 1111\"") + 5);
        String digits = openAi("4111", "1111", "1111", "1111");
        SessionRuns.onlyFindingAt(inspect(digits), "credit_card", digits.indexOf("4111"),
                digits.lastIndexOf("1111\"") + 4);
    }

    /**
     * A rewriting session still releases each event as it ends; a card completed by a later
     * event is masked in the part that event holds (the rest had left), and every event's data
     * stays JSON.
     */
    @Test
    void aRewritingSessionMasksThePartOfAStreamedCardItStillHolds() throws IOException {
        String[] events = openAi("card 4111 1111", " 1111", " 1111 thanks", " and mail jane.roe@", "mailbox.org",
                ".uk bye").split("(?<=\n\n)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int redacted;
        try (InspectionSession s = inspector.openRewriting(SSE, RewritingSessionTest.ALL, out::write)) {
            int sent = 0;
            for (String e : events) {
                byte[] b = bytes(e);
                s.feed(b, 0, b.length);
                sent += b.length;
                assertEquals(sent, out.size(), "every event leaves as it ends, masked in place at its length");
            }
            redacted = s.finish().redactedValues();
        }
        List<String> contents = new ArrayList<>();
        for (String e : out.toString(StandardCharsets.UTF_8).split("\n\n")) {
            String data = e.substring("data: ".length());
            if (data.contains("\"content\":\"")) {
                assertValidJson(data);
                contents.add(data.replaceAll(".*\"content\":\"([^\"]*)\".*", "$1"));
            }
        }
        assertEquals(List.of("card 4111 1111", " 1111", "***** thanks", " and mail jane.roe@", "***********",
                "*** bye"), contents);
        assertEquals(3, redacted);
    }

    /**
     * With {@code streamedTextHoldBytes}, a rewriting session holds the pieces of the last bytes
     * of streamed text: fed an event at a time, it masks a card and an address cut across events
     * in every piece, as it does fed one byte at a time, and releases all at the end.
     */
    @Test
    void aSessionThatHoldsStreamedTextMasksEveryPieceOfWhatCrossesEvents() throws IOException {
        Inspector holding = BuiltinEngine.inspector(InspectionLimits.builder().streamedTextHoldBytes(256).build());
        String stream = openAi("card 4111 1111", " 1111", " 1111 thanks", " and mail jane.roe@", "mailbox.org",
                ".uk bye");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InspectionSession s = holding.openRewriting(SSE, RewritingSessionTest.ALL, out::write)) {
            for (String e : stream.split("(?<=\n\n)")) {
                byte[] b = bytes(e);
                s.feed(b, 0, b.length);
            }
            assertTrue(out.size() < bytes(stream).length, "the last pieces are held until the end");
        }
        assertEquals(List.of("card *********", "*****", "***** thanks", " and mail *********", "***********",
                "*** bye"), List.of(contents(out.toByteArray(), "|").split("\\|")));
        byte[] body = bytes(stream);
        assertEquals(new String(out.toByteArray(), StandardCharsets.UTF_8), new String(RewritingSessionTest.rewrite(
                holding, SSE, RewritingSessionTest.ALL, body, RewritingSessionTest.everyByte(body.length)),
                StandardCharsets.UTF_8), "one byte per chunk");
    }

    /**
     * Seeded random answers, holding values of several detectors, streamed in random pieces of
     * one to seven bytes or a word per piece: the pieces give the same detectors, as many times, as the whole answer
     * in one event, and the same findings and rewritten bytes one byte per chunk as in one.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aStreamedAnswerGivesTheFindingsOfTheWholeAnswer(int seed) {
        Random random = new Random(seed);
        String answer = StreamedAnswers.answer(random);
        List<String> pieces = new ArrayList<>();
        if (seed % 2 == 0) {
            // Cut as a tokenizer does, before each space: equal pieces (" 1111") run back to back.
            for (String word : answer.substring(1).split(" ")) {
                pieces.add(" " + word);
            }
        } else {
            pieces = StreamedAnswers.randomPieces(answer, random);
        }
        String stream = openAi(pieces.toArray(String[]::new));
        InspectionResult streamed = inspect(stream);
        assertEquals(counts(inspect(openAi(answer))), counts(streamed), "seed " + seed + ": " + answer);
        SessionRuns.assertSameRun(SessionRuns.Run.of(streamed),
                SessionRuns.Run.of(SessionRuns.inspectByteByByte(inspector, SSE, bytes(stream))), "seed " + seed);
        assertTrue(streamed.findings().stream().allMatch(f -> f.path().equals(CONTENT)), streamed.findings().toString());
        byte[] body = bytes(stream);
        assertMasksAtLeast(RewritingSessionTest.rewrite(inspector, SSE, RewritingSessionTest.ALL, body, new int[0]),
                RewritingSessionTest.rewrite(inspector, SSE, RewritingSessionTest.ALL, body,
                        RewritingSessionTest.everyByte(body.length)), "seed " + seed);
    }

    /**
     * Seeded random answers holding a JWT of 500 to 1,100 bytes and an RSA private key of 2,048
     * or 4,096 bits (its newlines JSON escapes), streamed in pieces of one to seven bytes: longer
     * than the base tail, each is still found once, of its own kind, from its first byte to its
     * last; one byte per chunk gives the same findings and the same rewritten bytes.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void longSecretsStreamedInSmallPiecesAreFoundWholeFromFirstByteToLast(int seed) {
        Random random = new Random(seed);
        String jwt = longJwt(random);
        String pem = privateKey(random, seed % 2 == 0 ? 2048 : 4096);
        String answer = "Here is what you asked for. The token: " + jwt + " and the key:\\n" + pem
                + "\\nKeep both safe, then rotate them.";
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < answer.length(); ) {
            int n = Math.min(answer.length() - at, 1 + random.nextInt(7));
            if (answer.charAt(at + n - 1) == '\\') {
                n++; // a JSON escape stays in one piece
            }
            pieces.add(answer.substring(at, at + n));
            at += n;
        }
        String stream = openAi(pieces.toArray(String[]::new));
        InspectionResult r = inspect(stream);
        assertEquals(Map.of("jwt", 1, "private_key", 1), counts(r), "seed " + seed + ": " + r.findings());
        SessionRuns.onlyFindingAt(r, "jwt", wireOf(pieces, answer.indexOf(jwt)),
                wireOf(pieces, answer.indexOf(jwt) + jwt.length() - 1) + 1);
        SessionRuns.onlyFindingAt(r, "private_key", wireOf(pieces, answer.indexOf(pem)),
                wireOf(pieces, answer.indexOf(pem) + pem.length() - 1) + 1);
        SessionRuns.assertSameRun(SessionRuns.Run.of(r),
                SessionRuns.Run.of(SessionRuns.inspectByteByByte(inspector, SSE, bytes(stream))), "seed " + seed);
        byte[] body = bytes(stream);
        byte[] whole = RewritingSessionTest.rewrite(inspector, SSE, RewritingSessionTest.ALL, body, new int[0]);
        String stars = answer.replace(jwt, "*".repeat(jwt.length())).replace(pem, "*".repeat(pem.length()));
        assertEquals(stars, contents(whole), "seed " + seed + ": fed whole, every piece of both is masked");
        assertMasksAtLeast(whole, RewritingSessionTest.rewrite(inspector, SSE, RewritingSessionTest.ALL, body,
                RewritingSessionTest.everyByte(body.length)), "seed " + seed);
    }

    /** The content pieces of a rewritten OpenAI-style stream, joined. */
    private static String contents(byte[] rewritten) {
        return contents(rewritten, "");
    }

    /** The content pieces of a rewritten OpenAI-style stream, joined by {@code separator}. */
    private static String contents(byte[] rewritten, String separator) {
        StringJoiner text = new StringJoiner(separator);
        for (String e : new String(rewritten, StandardCharsets.UTF_8).split("\n\n")) {
            int at = e.indexOf("\"content\":\"");
            if (at >= 0) {
                text.add(e.substring(at + 11, e.indexOf("\"},", at)));
            }
        }
        return text.toString();
    }

    /**
     * Fed whole, a body's events are all held when a finding across them is made, so its earlier
     * pieces are masked too; one byte at a time they had left. The first output differs from the
     * second only where it masks more.
     */
    private static void assertMasksAtLeast(byte[] whole, byte[] byteByByte, String message) {
        assertEquals(whole.length, byteByByte.length, message + ": output lengths");
        for (int i = 0; i < whole.length; i++) {
            if (whole[i] != byteByByte[i]) {
                assertEquals('*', (char) whole[i], message + ": byte " + i + " of the output fed whole");
            }
        }
    }

    /** Where the answer's byte {@code index} is in {@link #openAi} of these pieces (ASCII answers). */
    private static long wireOf(List<String> pieces, int index) {
        int before = 0;
        for (int i = 0; i < pieces.size(); i++) {
            String p = pieces.get(i);
            if (index < before + p.length()) {
                String stream = openAi(pieces.subList(0, i + 1).toArray(String[]::new));
                return stream.lastIndexOf(p + "\"},") + (index - before);
            }
            before += p.length();
        }
        throw new IllegalArgumentException("index " + index + " past the answer");
    }

    private static String longJwt(Random random) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        StringBuilder claims = new StringBuilder("{\"sub\":\"user-" + random.nextInt(100000) + "\",\"roles\":[");
        for (int i = 0, n = 10 + random.nextInt(30); i < n; i++) {
            claims.append(i == 0 ? "" : ",").append("\"role-").append(random.nextInt(1000)).append('"');
        }
        claims.append("],\"iat\":1716239022}");
        byte[] signature = new byte[256];
        random.nextBytes(signature);
        return b64.encodeToString(bytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")) + "."
                + b64.encodeToString(bytes(claims.toString())) + "." + b64.encodeToString(signature);
    }

    /** A PEM block of about the size of an RSA key of {@code bits}, its newlines written as JSON escapes. */
    private static String privateKey(Random random, int bits) {
        byte[] der = new byte[bits * 600 / 1000];
        random.nextBytes(der);
        // Lines of 64 characters, each line break written as a JSON escape (backslash, n).
        String body = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der).replace("\n", "\\n");
        return "-----BEGIN RSA PRIVATE KEY-----\\n" + body + "\\n-----END RSA PRIVATE KEY-----";
    }

    private static Map<String, Integer> counts(InspectionResult r) {
        Map<String, Integer> counts = new TreeMap<>();
        r.findings().forEach(f -> counts.merge(f.id(), 1, Integer::sum));
        return counts;
    }

    private static void assertValidJson(String data) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(data)) {
            while (p.nextToken() != null) {
                // a parse error throws
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
