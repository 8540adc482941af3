package dev.sluice.inspector.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaTailTest {

    /** What a tail replays: the bytes of each context call with their wire span. */
    private static List<String> replay(DeltaTail t) {
        return replay(t, t.wanted());
    }

    private static List<String> replay(DeltaTail t, int max) {
        ReplayRecorder r = new ReplayRecorder();
        t.replayInto(r, max, 0);
        return r.calls;
    }

    private static void value(DeltaTail t, String text, long wire) {
        t.begin(true);
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        t.add(b, 0, b.length, wire, wire + b.length);
        t.end();
    }

    @Test
    void nothingIsReplayedBeforeTheFirstValueEnds() {
        assertEquals(List.of(), replay(new DeltaTail("$.text", true)));
    }

    @Test
    void piecesAreReplayedWithTheirOwnWireSpansAndEscapesWhole() {
        DeltaTail t = new DeltaTail("$.text", true);
        value(t, "4111", 100);
        t.begin(true);
        byte[] nl = {'\n'};
        t.add(nl, 0, 1, 200, 202); // \n on the wire
        byte[] b = " 1111".getBytes(StandardCharsets.ISO_8859_1);
        t.add(b, 0, 5, 202, 207);
        t.end();
        assertEquals(List.of("4111@100-104", "\n@200-202", " 1111@202-207"), replay(t));
    }

    @Test
    void aShorterReplayCutsAVerbatimRunAndLeavesAnEscapeOutWhole() {
        DeltaTail t = new DeltaTail("$.text", true);
        value(t, "4111", 100);
        t.begin(true);
        byte[] nl = {'\n'};
        t.add(nl, 0, 1, 200, 202);
        byte[] b = " 1111".getBytes(StandardCharsets.ISO_8859_1);
        t.add(b, 0, 5, 202, 207);
        t.end();
        assertEquals(List.of("1@103-104", "\n@200-202", " 1111@202-207"), replay(t, 7));
        assertEquals(List.of("\n@200-202", " 1111@202-207"), replay(t, 6));
        assertEquals(List.of(" 1111@202-207"), replay(t, 5));
        assertEquals(List.of("111@204-207"), replay(t, 3));
        assertEquals(List.of(), replay(t, 0));
    }

    @Test
    void onlyTheLastBytesAreKeptAVerbatimRunCutAnEscapeDroppedWhole() {
        DeltaTail t = new DeltaTail("$.text", true);
        t.begin(true);
        byte[] e = {(byte) 0xC3, (byte) 0xA9};
        t.add(e, 0, 2, 0, 6); // \u00e9
        String words = "x ".repeat(DeltaTail.BASE / 2 - 1) + "x";
        byte[] a = words.getBytes(StandardCharsets.ISO_8859_1);
        t.add(a, 0, a.length, 6, 6 + a.length);
        t.end();
        // One byte too many: the two-byte escape goes whole, so the tail is one byte short.
        assertEquals(List.of(words + "@6-" + (6 + a.length)), replay(t));
        value(t, "bcd", 1000);
        assertEquals(List.of(words.substring(2) + "@8-" + (6 + a.length), "bcd@1000-1003"), replay(t));
    }

    @Test
    void aValueLongerThanTheTailLeavesItsEnd() {
        DeltaTail t = new DeltaTail("$.text", true);
        String text = "x ".repeat(500) + "end";
        value(t, text, 50);
        List<String> calls = replay(t);
        assertEquals(1, calls.size());
        assertEquals(text.substring(text.length() - DeltaTail.BASE) + "@" + (50 + 1003 - DeltaTail.BASE) + "-1053",
                calls.getFirst());
    }

    @Test
    void aWordStillGrowingIsReplayedWholeUpToTheHold() {
        DeltaTail t = new DeltaTail("$.choices[0].delta.content", true);
        String token = "eyJ" + "a".repeat(901);
        value(t, "Your token: ", 0);
        for (int i = 0; i < token.length(); i += 4) {
            value(t, token.substring(i, i + 4), 100 * (i + 1));
        }
        assertEquals(token.length(), t.wanted(), "the whole word, though longer than the base");
        assertEquals(token, replayedText(t));
        value(t, " and", 1_000_000);
        assertEquals(DeltaTail.BASE, t.wanted(), "once the word ended, the base");
    }

    @Test
    void aWordLongerThanTheHoldIsGivenUp() {
        DeltaTail t = new DeltaTail("$.text", true);
        for (int i = 0; i < DeltaTail.HOLD / 8 + 10; i++) {
            value(t, "abcdefgh", 100L * i);
        }
        assertEquals(DeltaTail.BASE, t.wanted());
        value(t, " tail", 1_000_000);
        assertEquals(DeltaTail.BASE, t.wanted());
    }

    @Test
    void anArmoredBlockIsReplayedFromItsBeginLineUntilItsEndLine() {
        DeltaTail t = new DeltaTail("$.delta.text", true);
        StringBuilder pem = new StringBuilder("Here:\n-----BEGIN RSA PRIVATE KEY-----\n");
        for (int line = 0; line < 20; line++) {
            pem.append("MIIEow").append("A".repeat(58)).append('\n');
        }
        String begun = pem.substring(pem.indexOf("-----BEGIN"));
        long wire = 0;
        for (int i = 0; i < pem.length(); i += 3) {
            value(t, pem.substring(i, Math.min(pem.length(), i + 3)), wire);
            wire += 50;
        }
        assertEquals(begun, replayedText(t), "the block so far, across its newlines");
        String end = "-----END RSA PRIVATE KEY-----\nDone.";
        for (int i = 0; i < end.length(); i += 3) {
            value(t, end.substring(i, Math.min(end.length(), i + 3)), wire);
            wire += 50;
        }
        assertEquals(DeltaTail.BASE, t.wanted(), "the block ended");
    }

    @Test
    void tokensAreAsciiSoTextWithoutSpacesIsNoWord() {
        DeltaTail t = new DeltaTail("$.text", true);
        // 480 bytes of UTF-8 without a space, one char per byte as value() sends them
        String han = new String("\u6570\u636e\u6cc4\u9732".repeat(40).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        value(t, han, 0);
        value(t, han, 10_000);
        assertEquals(DeltaTail.BASE, t.wanted());
        DeltaTail json = new DeltaTail("$.delta.partial_json", true);
        value(json, "{\"a\":\"" + "b".repeat(100) + "\",\"c\":\"" + "d".repeat(100) + "\"}", 0);
        value(json, "{\"e\":\"" + "f".repeat(100) + "\"}", 1000);
        assertEquals(DeltaTail.BASE, json.wanted(), "quotes and brackets end a word");
    }

    private static String replayedText(DeltaTail t) {
        StringBuilder text = new StringBuilder();
        for (String call : replay(t)) {
            text.append(call, 0, call.lastIndexOf('@'));
        }
        return text.toString();
    }

    @Test
    void aPathWhoseValueRepeatsIsNotReplayedUntilItChanges() {
        DeltaTail t = new DeltaTail("$.delta.id", false);
        value(t, "evt-1", 0);
        assertFalse(replay(t).isEmpty());
        value(t, "evt-1", 100);
        assertEquals(List.of(), replay(t));
        value(t, "evt-2", 200);
        assertFalse(replay(t).isEmpty());
        value(t, "", 300);
        value(t, "", 400);
        assertFalse(replay(t).isEmpty(), "empty values in a row are no repetition");
    }

    @Test
    void aTextKeysPiecesAreJoinedEvenWhenOneRepeatsTheLast() {
        DeltaTail t = new DeltaTail("$.delta.content", true);
        value(t, "4111", 0);
        value(t, " 1111", 100);
        value(t, " 1111", 200);
        assertEquals(List.of("4111@0-4", " 1111@100-105", " 1111@200-205"), replay(t));
    }

    /** Seeded random values: the replay is always the last bytes sent, each mapped to its own wire byte. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void theReplayIsTheLastBytesSentWithTheirWireOffsets(int seed) {
        Random random = new Random(seed);
        DeltaTail t = new DeltaTail("$.text", true);
        StringBuilder sent = new StringBuilder();
        List<Long> wireOf = new ArrayList<>();
        long wire = 0;
        for (int v = 0; v < 60; v++) {
            t.begin(true);
            wire += 40 + random.nextInt(40);
            int n = random.nextInt(v % 10 == 9 ? 400 : 9);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                text.append(random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
                wireOf.add(wire + i);
            }
            byte[] b = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            t.add(b, 0, b.length, wire, wire + b.length);
            t.end();
            sent.append(text);
            wire += n;
            StringBuilder replayed = new StringBuilder();
            for (String call : replay(t)) {
                int at = call.lastIndexOf('@');
                String bytes = call.substring(0, at);
                long from = Long.parseLong(call.substring(at + 1, call.indexOf('-', at)));
                int index = sent.length() - Math.min(sent.length(), expectedLength(sent)) + replayed.length();
                assertEquals(wireOf.get(index), from, "seed " + seed + ", wire offset of a replayed run");
                replayed.append(bytes);
            }
            String expected = sent.substring(sent.length() - Math.min(sent.length(), expectedLength(sent)));
            assertEquals(expected, replayed.toString(), "seed " + seed + ", value " + v);
        }
    }

    private static final String[] SHAPES = {" ", "\n", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----",
            "eyJhbGciOiJIUzI1NiJ9", "\"", "{", "4111", "abcdefgh".repeat(40)};

    /**
     * Seeded values mixing words, long words, armor lines and quotes, cut at random: what a tail
     * replays is always the end of what was sent, at least the base (or all of it), never more
     * than it holds, and what it keeps stays within its bounds.
     */
    @ParameterizedTest
    @ValueSource(ints = {11, 12, 13, 14, 15, 16})
    void whateverIsSentTheReplayIsItsEndWithinTheBounds(int seed) {
        Random random = new Random(seed);
        DeltaTail t = new DeltaTail("$.delta.text", true);
        StringBuilder sent = new StringBuilder();
        long wire = 0;
        for (int v = 0; v < 400; v++) {
            String piece = SHAPES[random.nextInt(SHAPES.length)];
            int from = random.nextInt(piece.length());
            piece = piece.substring(from, Math.min(piece.length(), from + 1 + random.nextInt(12)));
            t.begin(seed % 2 == 0 || v % 3 != 0);
            byte[] b = piece.getBytes(StandardCharsets.ISO_8859_1);
            t.add(b, 0, b.length, wire, wire + b.length);
            t.end();
            sent.append(piece);
            wire += b.length + 30;
            int wanted = t.wanted();
            assertTrue(wanted >= Math.min(DeltaTail.BASE, sent.length()) && wanted <= DeltaTail.HOLD,
                    "seed " + seed + ", value " + v + ": wanted " + wanted);
            String replayed = replayedText(t);
            assertTrue(sent.toString().endsWith(replayed), "seed " + seed + ", value " + v + ": not the end sent");
            assertEquals(wanted, replayed.length(), "seed " + seed + ", value " + v + ": every run is verbatim");
        }
    }

    /** The base, or the last word when it is longer (every word here is shorter than the hold). */
    private static int expectedLength(CharSequence sent) {
        int word = 0;
        while (word < sent.length() && sent.charAt(sent.length() - 1 - word) != ' ') {
            word++;
        }
        return Math.max(DeltaTail.BASE, word);
    }
}
