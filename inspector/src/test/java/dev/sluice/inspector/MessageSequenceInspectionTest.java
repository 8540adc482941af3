package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.matchers.Direction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies of one {@link MessageSequence}, each in a session of its own, as a WebSocket's messages
 * are: text a realtime API streams a few bytes per message is joined across messages on its delta
 * paths, found once in the message that completes it, and masked there; record feeds are not
 * joined; reading a held message again finds what its first reading found and leaves the
 * sequence as it was.
 */
class MessageSequenceInspectionTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An OpenAI Realtime text delta event. */
    private static String realtime(String delta) {
        return "{\"type\":\"response.text.delta\",\"event_id\":\"event_7\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + delta + "\"}";
    }

    private static BodySpec message(MessageSequence sequence) {
        return BodySpec.builder(Direction.RESPONSE).contentType("application/json").sequence(sequence).build();
    }

    /** Each message inspected in its own session, fed as {@code chunking} cuts it. */
    private static List<InspectionResult> inspectAll(MessageSequence sequence, List<String> messages,
                                                     boolean byteByByte) {
        List<InspectionResult> results = new ArrayList<>();
        for (String m : messages) {
            results.add(byteByByte ? SessionRuns.inspectByteByByte(inspector, message(sequence), bytes(m))
                    : SessionRuns.inspect(inspector, message(sequence), bytes(m), Chunking.whole()));
        }
        return results;
    }

    private static List<String> deltas(String... deltas) {
        return java.util.Arrays.stream(deltas).map(MessageSequenceInspectionTest::realtime).toList();
    }

    @Test
    void aCardStreamedAcrossMessagesIsFoundOnceInTheMessageThatCompletesIt() {
        List<String> messages = deltas("Sure, the card is 4111", " 1111", " 1111 1", "111. Anything else?");
        List<InspectionResult> results = inspectAll(new MessageSequence(), messages, false);
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), results.get(i).findings(), "message " + i);
        }
        List<Finding> last = results.get(3).findings();
        assertEquals(1, last.size(), last.toString());
        Finding card = last.getFirst();
        assertEquals("credit_card", card.id());
        assertEquals("$.delta", card.path());
        assertTrue(card.start() < 0, "it began in an earlier message: " + card);
        assertEquals(messages.get(3).indexOf("111.") + 3, card.end());
        // Each message on its own shows no card.
        for (String m : messages) {
            assertEquals(List.of(), SessionRuns.inspect(inspector, message(null), bytes(m), Chunking.whole())
                    .findings());
        }
    }

    @Test
    void oneByteAtATimeWithinEachMessageGivesTheSameFindings() {
        List<String> messages = deltas("mail jane", ".roe@", "mailbox", ".org or call", " 078-05-", "1120 now");
        List<InspectionResult> whole = inspectAll(new MessageSequence(), messages, false);
        List<InspectionResult> bytes = inspectAll(new MessageSequence(), messages, true);
        for (int i = 0; i < messages.size(); i++) {
            SessionRuns.assertSameRun(SessionRuns.Run.of(whole.get(i)), SessionRuns.Run.of(bytes.get(i)),
                    "message " + i);
        }
        assertEquals(Map.of("email", 1, "us_ssn", 1), counts(whole));
    }

    /**
     * An address whole in one message and longer with the next: the first message's event named
     * it, so the next does not again, but a rewriting session still masks the piece it carries.
     */
    @Test
    void aMatchAnEarlierMessageReportedIsNotReportedAgainWhenItGrowsButIsMasked() throws IOException {
        List<String> messages = deltas("mail jane.roe@mailbox.co", "m today", " or 078-05-1120");
        List<InspectionResult> results = inspectAll(new MessageSequence(), messages, false);
        assertEquals(Map.of("email", 1), counts(results.subList(0, 1)));
        assertEquals(Map.of(), counts(results.subList(1, 2)));
        assertEquals(Map.of("us_ssn", 1), counts(results.subList(2, 3)));
        MessageSequence sequence = new MessageSequence();
        List<String> deltas = new ArrayList<>();
        for (String m : messages) {
            deltas.add(JSON.readTree(RewritingSessionTest.rewrite(inspector, message(sequence),
                    RewritingSessionTest.ALL, bytes(m), new int[0])).get("delta").asText());
        }
        assertEquals(List.of("mail [X]", "* today", " or [X]"), deltas);
    }

    /** A message that is not JSON between two that are: nothing of it is joined, nothing after it misplaced. */
    @Test
    void aTextMessageBetweenDeltasIsReadOnItsOwn() {
        MessageSequence sequence = new MessageSequence();
        List<InspectionResult> results = new ArrayList<>();
        results.add(SessionRuns.inspect(inspector, message(sequence), bytes(realtime("SSN 078-05-1120, card 4111")),
                Chunking.whole()));
        BodySpec text = BodySpec.builder(Direction.RESPONSE).contentType("text/plain").sequence(sequence).build();
        results.add(SessionRuns.inspect(inspector, text, bytes("ping 078-05-1120"), Chunking.whole()));
        results.add(SessionRuns.inspect(inspector, message(sequence), bytes(realtime(" 1111 1111 1111 and 078-05-1120")),
                Chunking.whole()));
        assertEquals(Map.of("us_ssn", 1), counts(results.subList(0, 1)));
        assertEquals(Map.of("us_ssn", 1), counts(results.subList(1, 2)));
        assertEquals(Map.of("credit_card", 1, "us_ssn", 1), counts(results.subList(2, 3)));
    }

    /**
     * Realtime audio arrives as base64 deltas ({@code response.audio.delta}), one long word
     * across messages: joined, seeded random audio gives no finding (the replay of a word that
     * outgrew the tail's hold falls back to the base tail).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void base64AudioDeltasAcrossMessagesGiveNoFinding(int seed) {
        Random random = new Random(seed);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] audio = new byte[1 + random.nextInt(6000)];
            random.nextBytes(audio);
            messages.add("{\"type\":\"response.audio.delta\",\"event_id\":\"event_" + i + "\",\"response_id\":\"resp_1\","
                    + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\""
                    + java.util.Base64.getEncoder().encodeToString(audio) + "\"}");
        }
        assertEquals(Map.of(), counts(inspectAll(new MessageSequence(), messages, false)), "seed " + seed);
    }

    @Test
    void aRecordFeedOfWholeValuesIsNotJoined() {
        List<String> feed = List.of("{\"note\":\"ref 4111 1111\"}", "{\"note\":\" 1111 1111 ok\"}");
        assertEquals(Map.of(), counts(inspectAll(new MessageSequence(), feed, false)));
        List<String> text = feed.stream().map(m -> m.replace("note", "text")).toList();
        assertEquals(Map.of("credit_card", 1), counts(inspectAll(new MessageSequence(), text, false)));
    }

    /**
     * A rewriting session per message masks the part of a streamed card its own message carries
     * (the earlier messages have left), and every message stays valid JSON of its length's shape.
     */
    @Test
    void aRewritingSessionMasksThePartItsMessageCarries() throws IOException {
        MessageSequence sequence = new MessageSequence();
        List<String> deltas = new ArrayList<>();
        for (String m : deltas("card 4111 1111", " 1111", " 1111 thanks")) {
            byte[] out = RewritingSessionTest.rewrite(inspector, message(sequence), RewritingSessionTest.ALL,
                    bytes(m), new int[0]);
            deltas.add(JSON.readTree(out).get("delta").asText());
        }
        assertEquals(List.of("card 4111 1111", " 1111", "***** thanks"), deltas);
    }

    /**
     * A held message is read twice, the second time to rewrite it: the second reading, from
     * {@link MessageSequence#lastBodyAgain}, finds what the first found and masks it, and the
     * sequence goes on from the first reading as if there had been no second.
     */
    @Test
    void readingTheLastMessageAgainFindsTheSameAndLeavesTheSequenceAsItWas() throws IOException {
        MessageSequence sequence = new MessageSequence();
        List<String> messages = deltas("SSN 078-", "05-1120 and card 4111 1111", " 1111 1111 bye");
        inspectAll(sequence, messages.subList(0, 1), false);
        InspectionResult first = inspectAll(sequence, messages.subList(1, 2), false).getFirst();
        assertEquals(Map.of("us_ssn", 1), counts(List.of(first)));
        InspectionResult reread = SessionRuns.inspect(inspector, message(sequence.lastBodyAgain()),
                bytes(messages.get(1)), Chunking.whole());
        SessionRuns.assertSameRun(SessionRuns.Run.of(first), SessionRuns.Run.of(reread), "read again");
        byte[] again = RewritingSessionTest.rewrite(inspector, message(sequence.lastBodyAgain()),
                RewritingSessionTest.ALL, bytes(messages.get(1)), new int[0]);
        assertEquals("******* and card 4111 1111", JSON.readTree(again).get("delta").asText());
        InspectionResult last = inspectAll(sequence, messages.subList(2, 3), false).getFirst();
        assertEquals(Map.of("credit_card", 1), counts(List.of(last)));
        SessionRuns.assertSameRun(SessionRuns.Run.of(last), SessionRuns.Run.of(SessionRuns.inspect(inspector,
                message(sequence.lastBodyAgain()), bytes(messages.get(2)), Chunking.whole())), "read again, with offsets");
        byte[] lastAgain = RewritingSessionTest.rewrite(inspector, message(sequence.lastBodyAgain()),
                RewritingSessionTest.ALL, bytes(messages.get(2)), new int[0]);
        assertEquals("********** bye", JSON.readTree(lastAgain).get("delta").asText());
    }

    /**
     * Seeded random answers streamed one to seven bytes per message: the messages together give
     * the same detectors, as many times, as the whole answer in one message, and each message the
     * same findings one byte per chunk as whole.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void anAnswerStreamedOverMessagesGivesTheFindingsOfTheWholeAnswer(int seed) {
        Random random = new Random(seed);
        String answer = StreamedAnswers.answer(random);
        List<String> pieces = StreamedAnswers.randomPieces(answer, random);
        List<String> messages = deltas(pieces.toArray(String[]::new));
        List<InspectionResult> whole = inspectAll(new MessageSequence(), messages, false);
        assertEquals(counts(inspectAll(new MessageSequence(), deltas(answer), false)), counts(whole),
                "seed " + seed + ": " + answer);
        List<InspectionResult> bytes = inspectAll(new MessageSequence(), messages, true);
        for (int i = 0; i < messages.size(); i++) {
            SessionRuns.assertSameRun(SessionRuns.Run.of(whole.get(i)), SessionRuns.Run.of(bytes.get(i)),
                    "seed " + seed + " message " + i);
        }
    }

    private static Map<String, Integer> counts(List<InspectionResult> results) {
        Map<String, Integer> counts = new TreeMap<>();
        results.forEach(r -> r.findings().forEach(f -> counts.merge(f.id(), 1, Integer::sum)));
        return counts;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
