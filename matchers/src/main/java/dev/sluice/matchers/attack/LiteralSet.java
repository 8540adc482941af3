package dev.sluice.matchers.attack;

import java.util.Arrays;

/**
 * Lower-case literals looked for anywhere in a value, ignoring case, in one pass over it: each
 * byte is matched only against the literals that begin with it. Looking for each literal in turn
 * read a value once per literal, which a value that fires a trigger on every request (a browser's
 * {@code User-Agent}, read for command injection) paid two dozen times. Immutable.
 */
final class LiteralSet {
    /** The literals by their first byte; null where none begins with it. */
    private final byte[][][] byFirst = new byte[256][][];
    private final int shortest;

    LiteralSet(byte[]... literals) {
        int min = Integer.MAX_VALUE;
        for (byte[] lit : literals) {
            int first = lit[0] & 0xFF;
            byte[][] old = byFirst[first];
            byte[][] grown = old == null ? new byte[1][] : Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = lit;
            byFirst[first] = grown;
            min = Math.min(min, lit.length);
        }
        this.shortest = min;
    }

    /** Whether any literal occurs in {@code buf[from, end)}, ignoring case. */
    boolean occursIn(byte[] buf, int from, int end) {
        for (int i = Math.max(from, 0); i + shortest <= end; i++) {
            byte[][] candidates = byFirst[Ascii.lower(buf[i])];
            if (candidates != null) {
                for (byte[] lit : candidates) {
                    if (Ascii.startsWith(buf, i, end, lit)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
