package dev.sluice.grpc;

import dev.sluice.grpc.frame.FrameError;
import dev.sluice.grpc.frame.FrameListener;
import dev.sluice.grpc.frame.GrpcMessage;
import dev.sluice.grpc.frame.MessageRoom;
import java.util.Arrays;

/**
 * Collects a raw protobuf body (no framing: the body is one message) and delivers it at the end,
 * like {@link dev.sluice.grpc.frame.GrpcFrameDecoder} delivers a frame. Bounded: past
 * {@code maxMessageBytes} it reports {@link FrameError#MESSAGE_TOO_LARGE}, drops its buffer and
 * streams the whole body to {@code uninspected} instead; so it does, reporting
 * {@link FrameError#NO_ROOM}, when its {@link MessageRoom} refuses a growth of the buffer.
 */
final class RawMessageBuffer {
    private final int maxMessageBytes;
    private final FrameListener listener;
    private final MessageRoom room;
    private byte[] buf = new byte[0];
    private int size;
    private long offset;
    private boolean overflowed;
    private boolean ended;

    RawMessageBuffer(int maxMessageBytes, MessageRoom room, FrameListener listener) {
        this.maxMessageBytes = maxMessageBytes;
        this.room = room;
        this.listener = listener;
    }

    void write(byte[] b, int off, int len) {
        if (ended || len == 0) {
            return;
        }
        if (!overflowed && (long) size + len > maxMessageBytes) {
            overflow(FrameError.MESSAGE_TOO_LARGE);
        }
        if (!overflowed && buf.length < size + len) {
            int grown = (int) Math.min(maxMessageBytes, Math.max(size + len, 2L * buf.length));
            if (room.holds(grown)) {
                buf = Arrays.copyOf(buf, grown);
            } else {
                overflow(FrameError.NO_ROOM);
            }
        }
        if (overflowed) {
            listener.uninspected(b, off, len, offset);
        } else {
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }
        offset += len;
    }

    /** Stops buffering: what came goes on uninspected, and so will the rest. */
    private void overflow(FrameError error) {
        overflowed = true;
        listener.error(error, 0);
        if (size > 0) {
            listener.uninspected(buf, 0, size, 0);
        }
        drop();
    }

    private void drop() {
        buf = new byte[0];
        room.holds(0);
    }

    void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (!overflowed) {
            listener.message(buf, 0, size, new GrpcMessage(0, 0, size, false, false));
        }
        drop();
    }
}
