package dev.sluice.matchers;

/**
 * The buffers of a {@link ScanSession}: the decoded window, the offset map, the value table,
 * the pending candidates, context marks, container starts, captures and open blocks, and the copy the scanner
 * reads. Building them afresh for every body cost more than most bodies take to scan (a 16 KiB
 * JSON body grew a value record per value, about 20 bytes allocated per body byte), so each
 * thread keeps one spare set: a session takes it when it opens and gives it back when it
 * closes. A thread serving several bodies at once makes new sets for the others. A part that
 * grew past its bound below (a large body with many short values) is replaced by a new, small
 * one when the set is given back, so what a thread keeps stays under about 600 KiB.
 */
final class SessionBuffers {
    private static final int KEEP_VALUES = 1024;
    /** 24 bytes an entry: a 64 KiB window of values of 8 bytes or more. */
    private static final int KEEP_OFFSETS = 8192;
    private static final int KEEP_CANDIDATES = 4096;
    private static final int KEEP_SCRATCH = 64 * 1024;
    private static final ThreadLocal<SessionBuffers> SPARE = new ThreadLocal<>();

    final DecodedWindow window = new DecodedWindow(ScanSession.WINDOW);
    // Replaced in giveBack when they grew too large; read by a session when it opens.
    OffsetMap offsets = new OffsetMap(ScanSession.WINDOW);
    ValueTable values = new ValueTable();
    PendingCandidates candidates = new PendingCandidates();
    final ContextMarks marks = new ContextMarks();
    final ContainerStarts containers = new ContainerStarts();
    final KeyValueCaptures captures = new KeyValueCaptures();
    final OpenBlocks blocks = new OpenBlocks();
    final ContextFeed contextFeed = new ContextFeed();
    final DigitRuns digitRuns = new DigitRuns();
    private byte[] scratch = new byte[1024];
    /** How much of {@link #scratch} has held decoded bytes since it was last zeroed. */
    private int scratchUsed;

    private SessionBuffers() {
    }

    /** This thread's spare set, or a new one when it has none; empty either way. */
    static SessionBuffers take() {
        SessionBuffers b = SPARE.get();
        if (b == null) {
            return new SessionBuffers();
        }
        SPARE.set(null);
        return b;
    }

    /** A buffer of at least {@code len} bytes for a copy of decoded bytes; valid until the next call. */
    byte[] scratch(int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        scratchUsed = Math.max(scratchUsed, len);
        return scratch;
    }

    /**
     * Empties this set (zeroing the decoded bytes), replaces the parts that grew too large, and
     * keeps it as this thread's spare unless the thread has one already. The caller must not
     * touch it afterwards.
     */
    void giveBack() {
        window.clear();
        contextFeed.release();
        digitRuns.clear();
        java.util.Arrays.fill(scratch, 0, scratchUsed, (byte) 0);
        scratchUsed = 0;
        if (scratch.length > KEEP_SCRATCH) {
            scratch = new byte[1024];
        }
        if (values.capacity() > KEEP_VALUES) {
            values = new ValueTable();
        }
        if (offsets.capacity() > KEEP_OFFSETS) {
            offsets = new OffsetMap(ScanSession.WINDOW);
        }
        if (candidates.capacity() > KEEP_CANDIDATES) {
            candidates = new PendingCandidates();
        }
        values.clear();
        offsets.clear();
        candidates.truncate(0);
        marks.clear();
        containers.clear();
        captures.truncate(0);
        blocks.clear();
        if (SPARE.get() == null) {
            SPARE.set(this);
        }
    }
}
