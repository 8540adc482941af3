package dev.sluice.matchers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tests on eight bytes at once, read as one little-endian {@code long}: each test gives a mask
 * with the top bit of every byte that passes it set, and nothing else, so that
 * {@code Long.numberOfTrailingZeros(mask) >>> 3} is the first such byte. Scans that look for a
 * few byte values in long text ({@link DigitRuns}, the inspector's escape check) read a word per
 * step instead of a byte, with no borrow or carry between bytes: every mask is exact.
 */
public final class EightBytes {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private EightBytes() {
    }

    /** The eight bytes of {@code b} from {@code i}, the first in the lowest byte. */
    public static long load(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** The bytes of {@code x} equal to {@code c} (an ASCII byte). */
    public static long equalTo(long x, int c) {
        long t = x ^ ONES * c;
        return ~(((t & LOW7) + LOW7) | t) & HIGH;
    }

    /** The bytes of {@code x} in {@code [lo, hi]} ({@code hi < 0x80}). */
    public static long inRange(long x, int lo, int hi) {
        long y = x & LOW7;
        return ~(y + ONES * (0x7F - hi)) & (y + ONES * (0x80 - lo)) & ~x & HIGH;
    }

    /** The bytes of {@code x} that are letters, in either case. */
    public static long letters(long x) {
        return inRange(x | ONES * 0x20, 'a', 'z');
    }

    /** The complement of a mask: the bytes it does not mark. */
    public static long not(long mask) {
        return ~mask & HIGH;
    }

    /** A mask of every byte when {@code all}, of none otherwise. */
    public static long every(boolean all) {
        return all ? HIGH : 0;
    }
}
