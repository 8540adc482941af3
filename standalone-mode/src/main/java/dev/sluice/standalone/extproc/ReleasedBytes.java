package dev.sluice.standalone.extproc;

import dev.sluice.inspector.redact.BodyOutput;
import java.util.Arrays;

/**
 * Collects what a rewriting inspection releases between two answers to Envoy; each answer
 * {@link #drain drains} it. Bounded by {@code limit}: bytes beyond it are dropped and
 * {@link #overflowed} turns true, which the caller treats as a limit failure (the body cannot be
 * forwarded whole any more). Not thread-safe: one exchange's messages come one at a time.
 */
final class ReleasedBytes implements BodyOutput {
    private static final byte[] NONE = new byte[0];
    private final long limit;
    private byte[] buf = NONE;
    private int size;
    private boolean overflowed;

    ReleasedBytes(long limit) {
        this.limit = limit;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len <= 0 || overflowed) {
            return;
        }
        if ((long) size + len > limit) {
            overflowed = true;
            return;
        }
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + len, Math.min((int) Math.min(limit, Integer.MAX_VALUE - 8),
                    Math.max(1024, buf.length * 2))));
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** Everything released since the last call; the buffer starts empty again. */
    byte[] drain() {
        if (size == 0) {
            return NONE;
        }
        byte[] out = Arrays.copyOf(buf, size);
        size = 0;
        if (buf.length > 64 * 1024) {
            buf = NONE; // a big body's buffer is not kept for the next chunks
        }
        return out;
    }

    /**
     * Like {@link #drain}, but null when what was released is exactly {@code input} (nothing was
     * rewritten in it), so the answer can let the chunk go on as it came without a copy.
     */
    byte[] drainUnlessSame(byte[] input) {
        if (size == input.length && Arrays.equals(buf, 0, size, input, 0, size)) {
            size = 0;
            return null;
        }
        return drain();
    }

    /** True when what was released since the last drain is a prefix of {@code a[aOff..aOff+aLen)} followed by {@code b}. */
    boolean isPrefixOf(byte[] a, int aOff, int aLen, byte[] b) {
        if (size > aLen + b.length) {
            return false;
        }
        int k = Math.min(size, aLen);
        return Arrays.equals(buf, 0, k, a, aOff, aOff + k) && Arrays.equals(buf, k, size, b, 0, size - k);
    }

    int size() {
        return size;
    }

    boolean overflowed() {
        return overflowed;
    }
}
