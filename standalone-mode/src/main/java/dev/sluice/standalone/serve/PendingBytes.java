package dev.sluice.standalone.serve;

import dev.sluice.inspector.InspectionSession;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Body bytes that arrived while the gRPC method's message types were still being looked up (by
 * server reflection), kept until the session can open with the right schema. Bounded: when the
 * lookup takes longer than {@code limit} bytes of body, the caller stops waiting and reads the
 * body schema-less. Starts small and grows with what arrives.
 */
final class PendingBytes {
    private final int limit;
    private byte[] buf = new byte[1024];
    private int size;

    PendingBytes(int limit) {
        this.limit = limit;
    }

    /** Copies {@code chunk}'s remaining bytes (its position unchanged); false, copying nothing, past the limit. */
    boolean add(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (n > limit - size) {
            return false;
        }
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(limit, Math.max(size + n, buf.length * 2)));
        }
        chunk.get(chunk.position(), buf, size, n);
        size += n;
        return true;
    }

    /** Feeds what is held to {@code session}, then forgets it. */
    void drainTo(InspectionSession session) {
        session.feed(buf, 0, size);
        buf = null;
        size = 0;
    }
}
