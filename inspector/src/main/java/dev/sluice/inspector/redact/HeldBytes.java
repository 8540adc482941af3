package dev.sluice.inspector.redact;

import dev.sluice.inspector.HeldMemory;
import java.util.Arrays;

/**
 * The bytes of a body received but not yet released, as one window {@code [released, received)}
 * of body offsets. Grows while bytes are held; the caller bounds it (maxHeldBytes). Released
 * bytes are dropped from the front without copying; the rest moves down only when the free
 * front is the larger part, so each byte is copied a bounded number of times. Its capacity is
 * charged to the process's {@link HeldMemory}; a refused charge does not refuse the bytes (they
 * are already on their way to the parser) but says so ({@link #overMemory}), for the caller to
 * release everything.
 */
final class HeldBytes {
    private final HeldMemory.Account memory;
    private boolean overMemory;
    private byte[] buf = new byte[1024];
    /** Body offset of {@code buf[head]}. */
    private long released;
    private int head;
    private int tail;

    HeldBytes(HeldMemory memory) {
        this.memory = memory.account(this);
    }

    void append(byte[] b, int off, int len) {
        if (tail + len > buf.length) {
            compact();
            if (tail + len > buf.length) {
                long want = Math.max((long) buf.length * 2, (long) tail + len);
                if (want > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("held bytes over 2 GiB");
                }
                buf = Arrays.copyOf(buf, (int) want);
                overMemory = !memory.holds(want);
            }
        }
        System.arraycopy(b, off, buf, tail, len);
        tail += len;
    }

    /** Whether the process's held memory refused this buffer's last growth. */
    boolean overMemory() {
        return overMemory;
    }

    /** Gives back the buffer's charge to the process's held memory (the body is over). */
    void releaseMemory() {
        memory.release();
    }

    /** Body offset of the first held byte. */
    long released() {
        return released;
    }

    /** Body offset past the last received byte. */
    long received() {
        return released + (tail - head);
    }

    int size() {
        return tail - head;
    }

    int byteAt(long offset) {
        return buf[head + (int) (offset - released)] & 0xFF;
    }

    /** Hands {@code [released, to)} to {@code out} and forgets it. */
    void release(long to, BodyOutput out) {
        int n = (int) (to - released);
        if (n > 0) {
            out.write(buf, head, n);
            drop(n);
        }
    }

    /** Forgets {@code [released, to)} without sending it (it was replaced). */
    void skip(long to) {
        int n = (int) (to - released);
        if (n > 0) {
            drop(n);
        }
    }

    /** A copy of the held bytes {@code [from, to)}. */
    byte[] copy(long from, long to) {
        int at = head + (int) (from - released);
        return Arrays.copyOfRange(buf, at, at + (int) (to - from));
    }

    private void drop(int n) {
        head += n;
        released += n;
        if (head == tail) {
            head = 0;
            tail = 0;
            if (buf.length > 64 * 1024) {
                buf = new byte[1024];
                overMemory = !memory.holds(buf.length);
            }
        }
    }

    private void compact() {
        if (head > 0) {
            System.arraycopy(buf, head, buf, 0, tail - head);
            tail -= head;
            head = 0;
        }
    }
}
