package dev.sluice.matchers.attack;

/**
 * A case-insensitive map from ASCII words to int codes, built once at class load and looked
 * up over bytes without allocating: open addressing on a power-of-two table, keys stored
 * lower-case. Code 0 means "not in the table".
 */
final class WordTable {
    /** Words longer than this are never looked up (no keyword is this long). */
    static final int MAX_WORD = 40;

    private final byte[][] keys;
    private final int[] codes;
    private final int mask;

    private WordTable(byte[][] keys, int[] codes, int mask) {
        this.keys = keys;
        this.codes = codes;
        this.mask = mask;
    }

    /** Builds a table from {@code words[i] -> codes[i]}; codes must be non-zero. */
    static WordTable of(String[] words, int[] codes) {
        if (words.length != codes.length) {
            throw new IllegalArgumentException("words and codes differ in length");
        }
        int size = Integer.highestOneBit(Math.max(4, words.length * 3)) << 1;
        byte[][] keys = new byte[size][];
        int[] table = new int[size];
        for (int w = 0; w < words.length; w++) {
            if (codes[w] == 0 || words[w].length() > MAX_WORD) {
                throw new IllegalArgumentException("bad entry '" + words[w] + "'");
            }
            byte[] key = Ascii.bytes(words[w]);
            int slot = hash(key, 0, key.length) & (size - 1);
            while (keys[slot] != null) {
                if (java.util.Arrays.equals(keys[slot], key)) {
                    throw new IllegalArgumentException("duplicate word '" + words[w] + "'");
                }
                slot = (slot + 1) & (size - 1);
            }
            keys[slot] = key;
            table[slot] = codes[w];
        }
        return new WordTable(keys, table, size - 1);
    }

    /** Builds a table where every word maps to the same code. */
    static WordTable of(int code, String... words) {
        int[] codes = new int[words.length];
        java.util.Arrays.fill(codes, code);
        return of(words, codes);
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++) {
            h = (h ^ Ascii.lower(b[off + i])) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** The code of {@code buf[off, off + len)} ignoring ASCII case, or 0. */
    int lookup(byte[] buf, int off, int len) {
        if (len <= 0 || len > MAX_WORD) {
            return 0;
        }
        int slot = hash(buf, off, len) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            byte[] key = keys[slot];
            if (key == null) {
                return 0;
            }
            if (key.length == len && Ascii.startsWith(buf, off, off + len, key)) {
                return codes[slot];
            }
            slot = (slot + 1) & mask;
        }
        return 0;
    }
}
