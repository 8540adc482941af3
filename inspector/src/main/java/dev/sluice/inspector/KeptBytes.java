package dev.sluice.inspector;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Body bytes kept whole, in order, up to a limit, the room they take charged to the process's
 * {@link HeldMemory}: a body held for its verdict, the bytes that wait for a schema, the copy of
 * an encoded body kept in case its coding fails. Starts small and doubles as bytes arrive. Bytes
 * that would pass the limit, or need room the process has not got, are refused whole and what is
 * kept stays; {@link #discard} gives the room back. Not thread-safe.
 */
public final class KeptBytes {
    private final int limit;
    private final HeldMemory.Account memory;
    private byte[] buf;
    private int size;

    /** @param initial the first buffer's size (at most {@code limit}) */
    public KeptBytes(long limit, int initial, HeldMemory memory) {
        this.limit = (int) Math.min(Integer.MAX_VALUE - 16, limit);
        this.buf = new byte[Math.min(initial, this.limit)];
        this.memory = memory.account(this);
    }

    /** Copies {@code len} bytes of {@code b}; false, copying nothing, past the limit or without room. */
    public boolean add(byte[] b, int off, int len) {
        if (!room(len)) {
            return false;
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return true;
    }

    /** Copies {@code chunk}'s remaining bytes, its position unchanged; false as {@link #add(byte[], int, int)}. */
    public boolean add(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (!room(n)) {
            return false;
        }
        chunk.get(chunk.position(), buf, size, n);
        size += n;
        return true;
    }

    private boolean room(int n) {
        if (n > limit - size) {
            return false;
        }
        if (size + n > buf.length) {
            int grown = (int) Math.min(limit, Math.max(size + (long) n, buf.length * 2L));
            if (!memory.holds(grown)) {
                return false;
            }
            buf = Arrays.copyOf(buf, grown);
        }
        return true;
    }

    public int size() {
        return size;
    }

    /** The buffer the kept bytes start at; valid up to {@link #size()}, until the next add. */
    public byte[] array() {
        return buf;
    }

    /** Forgets what is kept and gives its room back. */
    public void discard() {
        buf = new byte[0];
        size = 0;
        memory.release();
    }
}
