package dev.sluice.matchers;

import java.util.Arrays;

/**
 * Finds the {@link DigitShape}s of a catalog in the bytes of one stream, written in order in
 * any pieces: one pass that notes each maximal run of digits with no word byte on either side
 * (start, length, leading digits, the byte before it) and asks the shapes that could end
 * with it whether a match ends there. The latest {@link #KEPT} runs are kept, so matches do not depend
 * on where the stream was cut. A session's stream starts with a NUL, as Hyperscan's word
 * boundary at the start of data needs.
 *
 * <p>One per session, kept with its buffers ({@link SessionBuffers}); {@link #clear} forgets the
 * runs and zeroes the digits it kept, which are pieces of values.
 */
final class DigitRuns {
    /** Runs kept: enough for the longest fixed shape and for a 19-digit card of one-digit runs. */
    static final int KEPT = 32;
    private static final int MASK = KEPT - 1;
    /** Hyperscan's word bytes ({@code \w} without UTF-8 mode). */
    private static final boolean[] WORD = ByteClass.parse("A-Za-z0-9_");

    private final long[] start = new long[KEPT];
    private final int[] length = new int[KEPT];
    private final int[] head = new int[KEPT];
    private final byte[] before = new byte[KEPT];
    /** Runs ended so far; run r sits in slot r & MASK. */
    private long count;
    /** The run being read: its length (0: none), start, leading digits and the byte before it. */
    private int runLength;
    private long runStart;
    private int runHead;
    private byte runBefore;
    /** The last byte of the previous write. */
    private byte last;
    private DigitShapeSet shapes = DigitShapeSet.EMPTY;
    /** Digits of the latest runs joined by bytes some shape joins runs with, up to DigitShapeSet.LONG_RUN. */
    private int chainDigits;

    /** Receives the matches: which shape, from the first digit to the byte after the last. */
    interface MatchSink {
        void match(int shape, long from, long to);
    }

    static boolean isWord(int b) {
        return WORD[b];
    }

    /** Starts a stream for {@code shapes}. */
    void begin(DigitShapeSet shapes) {
        clear();
        this.shapes = shapes;
    }

    /** Forgets the stream, zeroing the digits it kept. */
    void clear() {
        Arrays.fill(head, 0);
        Arrays.fill(length, 0);
        runHead = 0;
        runLength = 0;
        count = 0;
        last = 0;
        runBefore = 0;
        chainDigits = 0;
    }

    /** Scans {@code len} bytes of {@code buf} from {@code off}, which sit at stream position {@code pos}. */
    void scan(byte[] buf, int off, int len, long pos, MatchSink found) {
        int end = off + len;
        int i = off;
        int n = runLength;
        int h = runHead;
        while (i < end) {
            if (n == 0) {
                i = nextRunStart(buf, i, end, i > off ? buf[i - 1] : last);
                if (i == end) {
                    break;
                }
                runStart = pos + (i - off);
                runBefore = i > off ? buf[i - 1] : last;
                h = 0;
            }
            int j = i;
            while (j < end && isDigit(buf[j])) {
                j++;
            }
            int head = Math.min(j - i, Math.max(0, DigitShape.HEAD - n));
            for (int k = 0; k < head; k++) {
                h |= (buf[i + k] - '0') << 4 * (n + k);
            }
            // A run longer than any shape is as good as any longer one; the count stays bounded.
            n = (int) Math.min((long) n + (j - i), 1 << 20);
            i = j;
            if (i < end) {
                runHead = h;
                endRun(n, buf[i] & 0xFF, found);
                n = 0;
            }
        }
        runLength = n;
        runHead = h;
        if (len > 0) {
            last = buf[end - 1];
        }
    }

    /**
     * The index of the first digit in {@code buf[i, end)} after a byte that is no word byte
     * ({@code prev} is the byte before {@code i}), or {@code end}: only such a digit can open a
     * run of a match, and tokens such as {@code aZ9x3k} hold many digits that cannot. Eight
     * bytes at a time, each byte's class in its top bit (the range tests add a constant to the
     * low seven bits of every byte, which cannot carry into the next one).
     */
    private static int nextRunStart(byte[] buf, int from, int end, byte prev) {
        int i = from;
        long prevNonWord = EightBytes.every(!WORD[prev & 0xFF]);
        while (i + Long.BYTES <= end) {
            long x = EightBytes.load(buf, i);
            long digits = EightBytes.inRange(x, '0', '9');
            long nonWord = EightBytes.not(digits | EightBytes.letters(x) | EightBytes.equalTo(x, '_'));
            long opens = digits & (nonWord << 8 | prevNonWord >>> 56);
            if (opens != 0) {
                return i + (Long.numberOfTrailingZeros(opens) >>> 3);
            }
            prevNonWord = nonWord;
            i += Long.BYTES;
        }
        for (; i < end; i++) {
            if (isDigit(buf[i]) && !WORD[(i == from ? prev : buf[i - 1]) & 0xFF]) {
                return i;
            }
        }
        return end;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void endRun(int n, int after, MatchSink found) {
        if (WORD[after] || WORD[runBefore & 0xFF]) {
            // Every run of a match has a byte that is no word byte on each side (a separator or a
            // word boundary): this run can be in none, nor join two runs that are (it lies between).
            return;
        }
        int slot = (int) (count & MASK);
        start[slot] = runStart;
        length[slot] = n;
        head[slot] = runHead;
        before[slot] = runBefore;
        long j = count++;
        int b = runBefore & 0xFF;
        boolean joined = adjacent(j) && shapes.joins(b);
        chainDigits = Math.min(joined ? chainDigits + n : n, DigitShapeSet.LONG_RUN);
        long maybe = shapes.candidates(n, chainDigits, b, joined);
        long to = runStart + n;
        while (maybe != 0) {
            int s = Long.numberOfTrailingZeros(maybe);
            maybe &= maybe - 1;
            long from = shapes.shape(s).startOfMatchEndingAt(this, j);
            if (from >= 0) {
                found.match(s, from, to);
            }
        }
    }

    /** The oldest run still kept. */
    long oldest() {
        return Math.max(0, count - KEPT);
    }

    long start(long r) {
        return start[(int) (r & MASK)];
    }

    int length(long r) {
        return length[(int) (r & MASK)];
    }

    /** Run r's leading digits, 4 bits each, the first in the low bits. */
    int head(long r) {
        return head[(int) (r & MASK)];
    }

    /** The byte before run r. */
    int before(long r) {
        return before[(int) (r & MASK)] & 0xFF;
    }

    /** Whether run r follows run r - 1 (kept) with exactly one byte between them. */
    boolean adjacent(long r) {
        return r > oldest() && start(r) == start(r - 1) + length(r - 1) + 1;
    }
}
