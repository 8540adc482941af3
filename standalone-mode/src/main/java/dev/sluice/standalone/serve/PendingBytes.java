package dev.sluice.standalone.serve;

import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.standalone.proxy.spi.BodySink;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Body bytes a filter keeps back, bounded: those that arrived while the gRPC method's message
 * types were still being looked up (kept until the session can open with the right schema), or
 * a whole body held until its verdict. When a chunk would pass {@code limit}, nothing of it is
 * kept and the caller decides (read schema-less; the route's fail rule); so it is when the
 * process's {@link HeldMemory} refuses the room it would take. Starts small and grows with what
 * arrives; {@link #discard} (or a drain) gives the memory back.
 */
final class PendingBytes {
    private final int limit;
    private final HeldMemory.Account memory;
    private byte[] buf = new byte[1024];
    private int size;

    PendingBytes(int limit, HeldMemory memory) {
        this.limit = limit;
        this.memory = memory.account(this);
    }

    /**
     * Copies {@code chunk}'s remaining bytes (its position unchanged); false, copying nothing,
     * past the limit or when the process's held memory has no room for them.
     */
    boolean add(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (n > limit - size) {
            return false;
        }
        if (size + n > buf.length) {
            int grown = Math.min(limit, Math.max(size + n, buf.length * 2));
            if (!memory.holds(grown)) {
                return false;
            }
            buf = Arrays.copyOf(buf, grown);
        }
        chunk.get(chunk.position(), buf, size, n);
        size += n;
        return true;
    }

    int size() {
        return size;
    }

    /** Feeds what is kept from offset {@code from} on to {@code session}. */
    void feed(InspectionSession session, int from) {
        if (from < size) {
            session.feed(buf, from, size - from);
        }
    }

    /** Feeds what is kept to {@code session}, then discards it. */
    void drainTo(InspectionSession session) {
        feed(session, 0);
        discard();
    }

    /** Writes what is kept to {@code out}, then discards it. */
    void drainTo(BodySink out) {
        out.write(buf, 0, size);
        discard();
    }

    /** Forgets what is kept and gives its memory back. */
    void discard() {
        buf = new byte[0];
        size = 0;
        memory.release();
    }
}
