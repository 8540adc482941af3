package dev.sluice.inspector.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        return replay(t, DeltaTail.CAPACITY);
    }

    private static List<String> replay(DeltaTail t, int max) {
        ReplayRecorder r = new ReplayRecorder();
        t.replayInto(r, max);
        return r.calls;
    }

    private static void value(DeltaTail t, String text, long wire) {
        t.begin();
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
        t.begin();
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
        t.begin();
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
        t.begin();
        byte[] e = {(byte) 0xC3, (byte) 0xA9};
        t.add(e, 0, 2, 0, 6); // \u00e9
        byte[] a = "a".repeat(DeltaTail.CAPACITY - 1).getBytes(StandardCharsets.ISO_8859_1);
        t.add(a, 0, a.length, 6, 6 + a.length);
        t.end();
        // One byte too many: the two-byte escape goes whole, so the tail is one byte short.
        assertEquals(List.of("a".repeat(DeltaTail.CAPACITY - 1) + "@6-" + (6 + a.length)), replay(t));
        value(t, "bcd", 1000);
        String kept = "a".repeat(DeltaTail.CAPACITY - 3);
        assertEquals(List.of(kept + "@8-" + (6 + a.length), "bcd@1000-1003"), replay(t));
    }

    @Test
    void aValueLongerThanTheTailLeavesItsEnd() {
        DeltaTail t = new DeltaTail("$.text", true);
        value(t, "x".repeat(1000) + "end", 50);
        List<String> calls = replay(t);
        assertEquals(1, calls.size());
        assertEquals("x".repeat(DeltaTail.CAPACITY - 3) + "end@" + (50 + 1003 - DeltaTail.CAPACITY) + "-1053",
                calls.getFirst());
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
            t.begin();
            wire += 40 + random.nextInt(40);
            int n = random.nextInt(v % 10 == 9 ? 400 : 9);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                text.append((char) ('a' + random.nextInt(26)));
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
                int index = sent.length() - Math.min(sent.length(), DeltaTail.CAPACITY) + replayed.length();
                assertEquals(wireOf.get(index), from, "seed " + seed + ", wire offset of a replayed run");
                replayed.append(bytes);
            }
            String expected = sent.substring(Math.max(0, sent.length() - DeltaTail.CAPACITY));
            assertEquals(expected, replayed.toString(), "seed " + seed + ", value " + v);
        }
    }
}
