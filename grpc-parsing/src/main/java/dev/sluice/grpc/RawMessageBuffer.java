package dev.sluice.grpc;

import dev.sluice.grpc.frame.FrameError;
import dev.sluice.grpc.frame.FrameListener;
import dev.sluice.grpc.frame.GrpcMessage;
import java.util.Arrays;

/**
 * Collects a raw protobuf body (no framing: the body is one message) and delivers it at the end,
 * like {@link dev.sluice.grpc.frame.GrpcFrameDecoder} delivers a frame. Bounded: past
 * {@code maxMessageBytes} it reports {@link FrameError#MESSAGE_TOO_LARGE}, drops its buffer and
 * streams the whole body to {@code uninspected} instead.
 */
final class RawMessageBuffer {
    private final int maxMessageBytes;
    private final FrameListener listener;
    private byte[] buf = new byte[0];
    private int size;
    private long offset;
    private boolean overflowed;
    private boolean ended;

    RawMessageBuffer(int maxMessageBytes, FrameListener listener) {
        this.maxMessageBytes = maxMessageBytes;
        this.listener = listener;
    }

    void write(byte[] b, int off, int len) {
        if (ended || len == 0) {
            return;
        }
        if (!overflowed && (long) size + len > maxMessageBytes) {
            overflowed = true;
            listener.error(FrameError.MESSAGE_TOO_LARGE, 0);
            if (size > 0) {
                listener.uninspected(buf, 0, size, 0);
            }
            buf = new byte[0];
        }
        if (overflowed) {
            listener.uninspected(b, off, len, offset);
        } else {
            if (buf.length < size + len) {
                buf = Arrays.copyOf(buf, (int) Math.min(maxMessageBytes, Math.max(size + len, 2L * buf.length)));
            }
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }
        offset += len;
    }

    void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (!overflowed) {
            listener.message(buf, 0, size, new GrpcMessage(0, 0, size, false, false));
        }
        buf = new byte[0];
    }
}
