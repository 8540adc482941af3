package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OffsetMapTest {

    /** Decoded 0..9: "4111" at wire 100, an escape \n (wire 200-202), " 11" at wire 202, "11" at wire 300. */
    private static OffsetMap pieces() {
        OffsetMap m = new OffsetMap(1024);
        m.verbatim(0, 100, 4);
        m.escaped(4, 1, 200, 202);
        m.verbatim(5, 202, 3);
        m.verbatim(8, 300, 2);
        return m;
    }

    @Test
    void startsAndEndsMapEachDecodedByteAnEscapeWhole() {
        OffsetMap m = pieces();
        assertEquals(101, m.startOf(1));
        assertEquals(200, m.startOf(4));
        assertEquals(202, m.endOf(4));
        assertEquals(301, m.endOf(9) - 1);
        assertEquals(OffsetMap.UNKNOWN, m.startOf(10));
        assertEquals(OffsetMap.UNKNOWN, m.endOf(10));
    }

    /** Bytes replayed from an earlier body of a sequence lie before wire offset 0; -1 is a place like any other. */
    @Test
    void wireOffsetsBeforeZeroAreMappedLikeAnyOther() {
        OffsetMap m = new OffsetMap(1024);
        m.verbatim(0, -5, 4);
        m.escaped(4, 1, -1, 0);
        m.verbatim(5, 40, 3);
        assertEquals(-5, m.startOf(0));
        assertEquals(-1, m.endOf(3));
        assertEquals(-1, m.startOf(4));
        assertEquals(0, m.endOf(4));
        assertEquals(41, m.startOf(6));
        assertArrayEquals(new long[] {-4, 0, 40, 42}, m.wireSpans(1, 7));
    }

    @Test
    void wireSpansJoinWhatTouchesAndCutVerbatimRuns() {
        OffsetMap m = pieces();
        assertArrayEquals(new long[] {101, 104, 200, 205, 300, 301}, m.wireSpans(1, 9));
        assertArrayEquals(new long[] {200, 202}, m.wireSpans(4, 5), "an escape goes whole");
        assertArrayEquals(new long[] {100, 104, 200, 205, 300, 302}, m.wireSpans(0, 10));
        assertArrayEquals(new long[0], m.wireSpans(3, 12), "a byte past the map");
        assertArrayEquals(new long[0], m.wireSpans(5, 5));
    }
}
