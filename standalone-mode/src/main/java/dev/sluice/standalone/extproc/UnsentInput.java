package dev.sluice.standalone.extproc;

import java.util.Arrays;

/**
 * Follows a streamed rewriting whose output has so far been a copy of its input — nothing
 * replaced, only bytes held back while a finding could still cover them — and keeps the input
 * bytes the answers have not yet sent on. While that lasts the body can go on from its original
 * bytes when the rewriting output has to be abandoned (past the release limit). The kept bytes
 * are bounded by {@code limit}; beyond it, or at the first replaced byte, the copy stops being
 * {@link #verbatim}. Not thread-safe: one exchange's messages come one at a time.
 */
final class UnsentInput {
    private static final byte[] NONE = new byte[0];
    private final long limit;
    private byte[] buf = NONE;
    private int size;
    private boolean verbatim = true;

    UnsentInput(long limit) {
        this.limit = limit;
    }

    /**
     * The answer for {@code chunk} (null: the body ended without a message) from what the
     * rewriting {@code released} for it: null when that is exactly the chunk, else the released
     * bytes.
     */
    byte[] answer(byte[] chunk, ReleasedBytes released) {
        byte[] in = chunk == null ? NONE : chunk;
        if (!verbatim || !released.isPrefixOf(buf, size, in)) {
            verbatim = false;
            buf = NONE;
            size = 0;
            return chunk == null ? released.drain() : released.drainUnlessSame(chunk);
        }
        boolean same = chunk != null && size == 0 && released.size() == in.length;
        int n = released.size();
        byte[] out = released.drain();
        keepAfter(in, n);
        return same ? null : out;
    }

    /** The original bytes from where the answers stopped, then {@code chunk}: the rest of the body as it came. */
    byte[] rest(byte[] chunk) {
        byte[] out = Arrays.copyOf(buf, size + chunk.length);
        System.arraycopy(chunk, 0, out, size, chunk.length);
        buf = NONE;
        size = 0;
        return out;
    }

    /** Keeps what follows the first {@code sent} bytes of the kept bytes and {@code in}. */
    private void keepAfter(byte[] in, int sent) {
        long left = (long) size + in.length - sent;
        if (left > limit) {
            verbatim = false;
            buf = NONE;
            size = 0;
            return;
        }
        byte[] next = left == 0 ? NONE : new byte[(int) left];
        int fromKept = Math.max(0, size - sent);
        System.arraycopy(buf, size - fromKept, next, 0, fromKept);
        System.arraycopy(in, in.length - ((int) left - fromKept), next, fromKept, (int) left - fromKept);
        buf = next;
        size = (int) left;
    }

    /** True while the output has been a copy of the input. */
    boolean verbatim() {
        return verbatim;
    }
}
