package dev.sluice.standalone.extproc;

import dev.sluice.inspector.HeldMemory;
import java.util.Arrays;

/**
 * Follows a streamed rewriting whose output has so far been a copy of its input — nothing
 * replaced, only bytes held back while a finding could still cover them — and keeps the input
 * bytes the answers have not yet sent on. While that lasts the body can go on from its original
 * bytes when the rewriting output has to be abandoned (past the release limit). The kept bytes
 * are bounded by {@code limit} and their room is charged to the process's {@link HeldMemory}
 * (they mirror what the rewriting holds, so they cost as much again); past the limit, without
 * room, or at the first replaced byte, the copy stops being {@link #verbatim} and its bytes are
 * dropped. Kept bytes are one window of a buffer: sent bytes leave its front without a copy, and
 * the rest moves down only when the buffer would otherwise grow. Not thread-safe: one exchange's
 * messages come one at a time.
 */
final class UnsentInput {
    private static final byte[] NONE = new byte[0];
    /** A buffer larger than this is not kept once empty. */
    private static final int KEPT_EMPTY = 64 * 1024;
    private final long limit;
    private final HeldMemory.Account memory;
    private byte[] buf = NONE;
    private int head;
    private int tail;
    private boolean verbatim = true;

    UnsentInput(long limit, HeldMemory memory) {
        this.limit = limit;
        this.memory = memory.account(this);
    }

    /**
     * The answer for {@code chunk} (null: the body ended without a message) from what the
     * rewriting {@code released} for it: null when that is exactly the chunk, else the released
     * bytes.
     */
    byte[] answer(byte[] chunk, ReleasedBytes released) {
        byte[] in = chunk == null ? NONE : chunk;
        if (!verbatim || !released.isPrefixOf(buf, head, tail - head, in)) {
            stop();
            return chunk == null ? released.drain() : released.drainUnlessSame(chunk);
        }
        boolean same = chunk != null && head == tail && released.size() == in.length;
        int n = released.size();
        byte[] out = released.drain();
        keepAfter(in, n);
        return same ? null : out;
    }

    /** The original bytes from where the answers stopped, then {@code chunk}: the rest of the body as it came. */
    byte[] rest(byte[] chunk) {
        byte[] out = Arrays.copyOfRange(buf, head, tail + chunk.length);
        System.arraycopy(chunk, 0, out, tail - head, chunk.length);
        discard();
        return out;
    }

    /** Drops the kept bytes and gives their room back (the body ended or was abandoned). */
    void discard() {
        buf = NONE;
        head = 0;
        tail = 0;
        memory.release();
    }

    /** Keeps what follows the first {@code sent} bytes of the kept bytes and {@code in}. */
    private void keepAfter(byte[] in, int sent) {
        int kept = tail - head;
        if ((long) kept + in.length - sent > limit) {
            stop();
            return;
        }
        int fromKept = Math.min(sent, kept);
        head += fromKept;
        int fromIn = sent - fromKept;
        if (head == tail) {
            head = 0;
            tail = 0;
            if (buf.length > KEPT_EMPTY) {
                discard();
            }
        }
        int n = in.length - fromIn;
        if (n > 0 && makeRoom(n)) {
            System.arraycopy(in, fromIn, buf, tail, n);
            tail += n;
        }
    }

    /** Room for {@code n} more bytes past {@code tail}; false (the copy stopped) when the process has none. */
    private boolean makeRoom(int n) {
        if (tail + n <= buf.length) {
            return true;
        }
        int kept = tail - head;
        if (kept + n <= buf.length && head >= kept) {
            compact();
            return true;
        }
        // kept + n is within the limit (keepAfter); doubling stops there too.
        long cap = Math.min(limit, Integer.MAX_VALUE - 16);
        int grown = (int) Math.min(cap, Math.max(kept + (long) n, Math.max(1024L, buf.length * 2L)));
        if (!memory.holds(grown)) {
            stop();
            return false;
        }
        byte[] next = new byte[grown];
        System.arraycopy(buf, head, next, 0, kept);
        buf = next;
        head = 0;
        tail = kept;
        return true;
    }

    private void compact() {
        System.arraycopy(buf, head, buf, 0, tail - head);
        tail -= head;
        head = 0;
    }

    private void stop() {
        verbatim = false;
        discard();
    }

    /** True while the output has been a copy of the input. */
    boolean verbatim() {
        return verbatim;
    }

    /** The bytes kept now. */
    int size() {
        return tail - head;
    }
}
