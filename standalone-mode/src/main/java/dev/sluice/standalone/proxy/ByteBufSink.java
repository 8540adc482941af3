package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.BodySink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The {@link BodySink} a filter writes into during one call: bytes are copied into a pooled
 * buffer that {@link #take()} hands to the caller. Writing more than the per-call limit does not
 * throw into the filter; the sink drops its bytes and remembers, and the caller treats the call
 * as a filter failure.
 */
final class ByteBufSink implements BodySink {
    private final ByteBufAllocator alloc;
    private final int limit;
    private ByteBuf buf;
    private boolean overflowed;

    ByteBufSink(ByteBufAllocator alloc, int limit) {
        this.alloc = alloc;
        this.limit = limit;
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        if (room(len)) {
            buf.writeBytes(bytes, off, len);
        }
    }

    @Override
    public void write(ByteBuffer bytes) {
        int len = bytes.remaining();
        if (room(len)) {
            buf.writeBytes(bytes);
        } else {
            bytes.position(bytes.limit());
        }
    }

    private boolean room(int len) {
        if (overflowed || len == 0) {
            return false;
        }
        int size = buf == null ? 0 : buf.readableBytes();
        if ((long) size + len > limit) {
            overflowed = true;
            discard();
            return false;
        }
        if (buf == null) {
            buf = alloc.buffer(Math.max(len, 256));
        }
        return true;
    }

    /** The bytes written since the last take, or {@code null}; the caller owns the buffer. */
    ByteBuf take() {
        ByteBuf out = buf;
        buf = null;
        return out;
    }

    /** Whether a write went past the limit since the last {@link #clearOverflow()}. */
    boolean overflowed() {
        return overflowed;
    }

    void clearOverflow() {
        overflowed = false;
    }

    /** Releases anything written and not taken. */
    void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}
