package dev.sluice.standalone.serve;

import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.KeptBytes;
import dev.sluice.standalone.proxy.spi.BodySink;
import java.nio.ByteBuffer;

/**
 * Body bytes a filter keeps back, bounded: those that arrived while the gRPC method's message
 * types were still being looked up (kept until the session can open with the right schema), or
 * a whole body held until its verdict. When a chunk would pass {@code limit}, nothing of it is
 * kept and the caller decides (read schema-less; the route's fail rule); so it is when the
 * process's {@link HeldMemory} refuses the room it would take. Starts small and grows with what
 * arrives; {@link #discard} (or a drain) gives the memory back.
 */
final class PendingBytes {
    private final KeptBytes kept;

    PendingBytes(int limit, HeldMemory memory) {
        this.kept = new KeptBytes(limit, 1024, memory);
    }

    /**
     * Copies {@code chunk}'s remaining bytes (its position unchanged); false, copying nothing,
     * past the limit or when the process's held memory has no room for them.
     */
    boolean add(ByteBuffer chunk) {
        return kept.add(chunk);
    }

    int size() {
        return kept.size();
    }

    /** Feeds what is kept from offset {@code from} on to {@code session}. */
    void feed(InspectionSession session, int from) {
        if (from < kept.size()) {
            session.feed(kept.array(), from, kept.size() - from);
        }
    }

    /** Feeds what is kept to {@code session}, then discards it. */
    void drainTo(InspectionSession session) {
        feed(session, 0);
        discard();
    }

    /** Writes what is kept to {@code out}, then discards it. */
    void drainTo(BodySink out) {
        out.write(kept.array(), 0, kept.size());
        discard();
    }

    /** Forgets what is kept and gives its memory back. */
    void discard() {
        kept.discard();
    }
}
