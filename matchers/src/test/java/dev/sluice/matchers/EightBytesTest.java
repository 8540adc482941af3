package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Every mask marks exactly the bytes a byte-by-byte test passes, whatever their neighbours. */
class EightBytesTest {
    /** Bytes at the edges of the tested ranges, so that a borrow or carry between bytes would show. */
    private static final int[] EDGES = {0x00, 0x01, 0x1F, 0x20, '%', '&', '/', '0', '9', ':', '@', 'A', 'Z', '[', '\\', '_',
        '`', 'a', 'z', '{', 0x7F, 0x80, 0x81, 0xA5, 0xC0, 0xDA, 0xFF};

    @RepeatedTest(200)
    void masksMarkExactlyTheBytesThatPass(RepetitionInfo rep) {
        Random rnd = new Random(4400 + rep.getCurrentRepetition());
        byte[] b = new byte[16];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (rnd.nextBoolean() ? EDGES[rnd.nextInt(EDGES.length)] : rnd.nextInt(256));
        }
        int at = rnd.nextInt(b.length - Long.BYTES + 1);
        long x = EightBytes.load(b, at);
        for (int c : new int[] {'%', '&', '\\', '_', 0}) {
            assertEquals(expected(b, at, v -> v == c), EightBytes.equalTo(x, c), "equalTo " + c);
        }
        assertEquals(expected(b, at, v -> v >= '0' && v <= '9'), EightBytes.inRange(x, '0', '9'));
        assertEquals(expected(b, at, v -> v >= 'A' && v <= 'Z' || v >= 'a' && v <= 'z'), EightBytes.letters(x));
        long digits = EightBytes.inRange(x, '0', '9');
        assertEquals(expected(b, at, v -> v < '0' || v > '9'), EightBytes.not(digits));
        assertEquals(expected(b, at, v -> true), EightBytes.every(true));
        assertEquals(0L, EightBytes.every(false));
    }

    private static long expected(byte[] b, int at, java.util.function.IntPredicate test) {
        long mask = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            if (test.test(b[at + i] & 0xFF)) {
                mask |= 0x80L << (8 * i);
            }
        }
        return mask;
    }
}
