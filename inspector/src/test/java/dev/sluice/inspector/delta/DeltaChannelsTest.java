package dev.sluice.inspector.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.PathPrefix;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaChannelsTest {
    private static final PathPrefix ROOT = PathPrefix.of("$");

    private static void value(ValueSink sink, String key, String text, long wire) {
        sink.beginValue(new FieldContext().key(key).path(ROOT, "." + key, -1));
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        sink.verbatim(b, 0, b.length, wire);
        sink.endValue();
    }

    @Test
    void onlyDeltaPathsAreJoined() {
        ReplayRecorder next = new ReplayRecorder();
        ValueSink sink = new DeltaChannels().through(next);
        value(sink, "note", "4111 1111", 10);
        value(sink, "note", " 1111 1111", 40);
        assertEquals(0, next.calls.size(), "a record's key");
        value(sink, "text", "4111 1111", 70);
        value(sink, "text", " 1111 1111", 100);
        assertEquals(9, next.bytes, "a streamed text's key");
    }

    @Test
    void theLeastRecentlyUsedPathGivesWayToANewOne() {
        ReplayRecorder next = new ReplayRecorder();
        ValueSink sink = new DeltaChannels().through(next);
        long wire = 0;
        value(sink, "text", "first", wire += 100);
        for (int i = 0; i < DeltaChannels.MAX_CHANNELS; i++) {
            sink.beginValue(new FieldContext().key("content").path(PathPrefix.of("$.c" + i), ".content", -1));
            sink.endValue();
        }
        value(sink, "text", "again", wire + 100);
        assertEquals(0, next.calls.size(), "$.text was forgotten: eight newer paths took its place");
    }

    /** Three paths streaming one long word each: the first two keep it whole, the third only its base tail. */
    @Test
    void atMostTwoChannelsKeepAnOpenWordBeyondTheBaseTail() {
        ReplayRecorder next = new ReplayRecorder();
        ValueSink sink = new DeltaChannels().through(next);
        long wire = 0;
        String[] keys = {"text", "content", "arguments"};
        for (int i = 0; i < 150; i++) {
            for (String key : keys) {
                value(sink, key, "abcdefgh", wire += 200); // events large enough for the base budget
            }
        }
        long[] replayed = new long[keys.length];
        for (int k = 0; k < keys.length; k++) {
            long before = next.bytes;
            value(sink, keys[k], "!", wire += 200);
            replayed[k] = next.bytes - before;
        }
        assertEquals(DeltaChannels.MAX_OPEN_PARTS, 2);
        assertArrayEquals(new long[] {1200, 1200, DeltaTail.BASE}, replayed);
    }

    /**
     * A stream of tiny documents repeating one key: what is replayed stays within twice the
     * stream plus the allowance, and with one endless word (replayed whole while it may be a
     * token) within the extension's multiple more.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a ", "ab"})
    void replaysStayWithinAFixedMultipleOfTheStream(String piece) {
        ReplayRecorder next = new ReplayRecorder();
        ValueSink sink = new DeltaChannels().through(next);
        long wire = 0;
        for (int i = 0; i < 100_000; i++) {
            value(sink, "text", i % 2 == 0 ? piece : piece.toUpperCase(java.util.Locale.ROOT), wire);
            wire += 12; // {"text":"ab"} on the wire, give or take
        }
        long base = 2 * wire + DeltaChannels.REPLAY_ALLOWANCE;
        long bound = piece.contains(" ") ? base
                : base + DeltaChannels.EXTENSION_FACTOR * wire + DeltaChannels.EXTENSION_ALLOWANCE;
        assertTrue(next.bytes <= bound, next.bytes + " replayed for " + wire);
        assertTrue(next.bytes > wire, "still joined: " + next.bytes);
    }

    @Test
    void aDeltaSegmentIsAWholeSegment() {
        assertTrue(DeltaChannels.hasDeltaSegment("$.delta"));
        assertTrue(DeltaChannels.hasDeltaSegment("$.choices[0].delta.content"));
        assertTrue(DeltaChannels.hasDeltaSegment("$.items.delta[2]"));
        assertFalse(DeltaChannels.hasDeltaSegment("$.deltas.content"));
        assertFalse(DeltaChannels.hasDeltaSegment("$.ydelta"));
        assertFalse(DeltaChannels.hasDeltaSegment("delta"));
    }
}
