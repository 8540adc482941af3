package dev.sluice.matchers;

/**
 * The buffers of a {@link ScanSession} that grow with its body: the decoded window, the offset
 * map, the value table and the pending candidates. Building them afresh for every body cost
 * more than most bodies take to scan (a 16 KiB JSON body grew a value record per value, about
 * 20 bytes allocated per body byte), so each thread keeps one spare set: a session takes it
 * when it opens and gives it back when it closes. A thread serving several bodies at once
 * makes new sets for the others; a set that grew past the bounds below is left to the
 * collector, so what a thread keeps stays under about 400 KiB.
 */
final class SessionBuffers {
    private static final int KEEP_VALUES = 1024;
    private static final int KEEP_OFFSETS = 4096;
    private static final int KEEP_CANDIDATES = 4096;
    private static final ThreadLocal<SessionBuffers> SPARE = new ThreadLocal<>();

    final DecodedWindow window = new DecodedWindow(ScanSession.WINDOW);
    final OffsetMap offsets = new OffsetMap(ScanSession.WINDOW);
    final ValueTable values = new ValueTable();
    final PendingCandidates candidates = new PendingCandidates();

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

    /**
     * Empties this set (zeroing the decoded bytes) and keeps it as this thread's spare unless it
     * grew too large or the thread has one already. The caller must not touch it afterwards.
     */
    void giveBack() {
        window.clear();
        if (values.capacity() > KEEP_VALUES || offsets.capacity() > KEEP_OFFSETS
                || candidates.capacity() > KEEP_CANDIDATES) {
            return;
        }
        values.clear();
        offsets.clear();
        candidates.truncate(0);
        if (SPARE.get() == null) {
            SPARE.set(this);
        }
    }
}
