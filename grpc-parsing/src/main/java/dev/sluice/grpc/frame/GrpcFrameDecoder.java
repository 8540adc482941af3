package dev.sluice.grpc.frame;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reassembles gRPC length-prefixed messages from a body delivered in chunks split anywhere
 * (inside a header, inside a payload), and hands each complete message to a
 * {@link FrameListener} with the body offset of its first payload byte.
 *
 * <p>Frame (grpc/grpc PROTOCOL-HTTP2.md, "Length-Prefixed-Message"): one flag byte (0, or 1 =
 * compressed with the call's {@code grpc-encoding}), a 4-byte big-endian length, the payload.
 * grpc-web trailer frames (flag 0x80, PROTOCOL-WEB.md) are read when enabled.
 *
 * <p>States: {@code HEADER} (collecting 5 bytes), {@code PAYLOAD} (collecting a message),
 * {@code SKIP} (streaming an oversized payload to {@code uninspected}), {@code FAILED} (framing
 * lost after an invalid flag: the rest goes to {@code uninspected}). A payload that arrives whole
 * within one chunk is handed over from the caller's array without a copy.
 *
 * <p>Limits: a message is buffered only up to {@code maxMessageBytes} (default 4 MiB, gRPC's
 * default receive limit), the buffer growing with the bytes that actually arrive; a larger length
 * prefix is {@link FrameError#MESSAGE_TOO_LARGE} and its payload is streamed on, not held. Each
 * growth of the buffer asks a {@link MessageRoom} first; refused, the message is
 * {@link FrameError#NO_ROOM} and streamed on likewise. A
 * compressed message inflates to at most {@code maxDecompressedBytes} (default 4 MiB). Every
 * failure is a {@link FrameError}; nothing is thrown from {@link #write} or {@link #end}.
 *
 * <p>Not thread-safe: one decoder per body. Buffers passed to {@link #write} are borrowed for the
 * call only.
 */
public final class GrpcFrameDecoder {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;
    private static final int HEADER = GrpcMessage.HEADER_LENGTH;
    private static final int FLAG_COMPRESSED = 1;
    private static final int FLAG_TRAILERS = 0x80;
    /** A reassembly buffer larger than this is dropped after its message rather than kept. */
    private static final int RETAINED_BUFFER = 256 * 1024;

    private enum State { HEADER, PAYLOAD, SKIP, FAILED }

    private final int maxMessageBytes;
    private final GrpcEncoding encoding;
    private final boolean trailerFrames;
    private final FrameListener listener;
    private final MessageInflater inflater;
    private final MessageRoom room;
    private final byte[] header = new byte[HEADER];

    private State state = State.HEADER;
    private int headerHave;
    private int flag;
    private int length;
    private long skipLeft;
    private byte[] payload = new byte[0];
    private int payloadHave;
    private long payloadOffset;
    /** Body bytes consumed so far: the body offset of the next byte. */
    private long offset;
    private int index;
    private boolean ended;

    private GrpcFrameDecoder(Builder b) {
        this.maxMessageBytes = b.maxMessageBytes;
        this.encoding = b.encoding;
        this.trailerFrames = b.trailerFrames;
        this.listener = Objects.requireNonNull(b.listener, "listener");
        this.inflater = new MessageInflater(b.maxDecompressedBytes);
        this.room = b.room;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Takes {@code len} body bytes from {@code buf[off]}. Ignored after {@link #end()}. */
    public void write(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (ended) {
            return;
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            switch (state) {
                case HEADER -> p = readHeader(buf, p, end);
                case PAYLOAD -> p = readPayload(buf, p, end);
                case SKIP -> {
                    int n = (int) Math.min(skipLeft, end - p);
                    listener.uninspected(buf, p, n, offset);
                    advance(n);
                    p += n;
                    skipLeft -= n;
                    if (skipLeft == 0) {
                        state = State.HEADER;
                    }
                }
                case FAILED -> {
                    listener.uninspected(buf, p, end - p, offset);
                    advance(end - p);
                    p = end;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** The body ended: a frame left incomplete is {@link FrameError#TRUNCATED}. Releases native state. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        inflater.end();
        if (state == State.HEADER && headerHave > 0) {
            listener.error(FrameError.TRUNCATED, offset - headerHave);
            listener.uninspected(header, 0, headerHave, offset - headerHave);
        } else if (state == State.PAYLOAD) {
            listener.error(FrameError.TRUNCATED, offset);
            if (payloadHave > 0) {
                listener.uninspected(payload, 0, payloadHave, payloadOffset);
            }
        } else if (state == State.SKIP) {
            listener.error(FrameError.TRUNCATED, offset);
        }
        dropPayload();
    }

    /** Body bytes consumed so far. */
    public long bytesRead() {
        return offset;
    }

    private int readHeader(byte[] buf, int p, int end) {
        int n = Math.min(HEADER - headerHave, end - p);
        System.arraycopy(buf, p, header, headerHave, n);
        headerHave += n;
        advance(n);
        if (headerHave == HEADER) {
            headerHave = 0;
            startFrame();
        }
        return p + n;
    }

    /** A complete header was read; picks the next state. */
    private void startFrame() {
        flag = header[0] & 0xff;
        long len = ((header[1] & 0xffL) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8)
                | (header[4] & 0xff);
        payloadOffset = offset;
        boolean known = flag == 0 || flag == FLAG_COMPRESSED || (trailerFrames && flag == FLAG_TRAILERS);
        if (!known) {
            listener.error(FrameError.INVALID_FLAG, offset - HEADER);
            listener.uninspected(header, 0, HEADER, offset - HEADER);
            state = State.FAILED;
        } else if (len > maxMessageBytes) {
            skipMessage(FrameError.MESSAGE_TOO_LARGE, len);
        } else {
            length = (int) len;
            payloadHave = 0;
            state = State.PAYLOAD;
            if (length == 0) {
                complete(payload, 0);
            }
        }
    }

    private int readPayload(byte[] buf, int p, int end) {
        int available = end - p;
        if (payloadHave == 0 && available >= length) {
            advance(length);
            complete(buf, p); // whole payload in this chunk: no copy
            return p + length;
        }
        int n = Math.min(length - payloadHave, available);
        if (payload.length < payloadHave + n) {
            // grow with what arrives, not with what the header claims
            int grown = (int) Math.min(length, Math.max(payloadHave + n, 2L * payload.length));
            if (!room.holds(grown)) {
                return skipWithoutRoom(p);
            }
            payload = Arrays.copyOf(payload, grown);
        }
        System.arraycopy(buf, p, payload, payloadHave, n);
        payloadHave += n;
        advance(n);
        if (payloadHave == length) {
            complete(payload, 0);
            if (payload.length > RETAINED_BUFFER) {
                dropPayload();
            }
        }
        return p + n;
    }

    /** The process has no room for the rest of this payload: what came goes on uninspected, and so does the rest. */
    private int skipWithoutRoom(int p) {
        skipMessage(FrameError.NO_ROOM, length - payloadHave);
        if (payloadHave > 0) {
            listener.uninspected(payload, 0, payloadHave, payloadOffset);
        }
        payloadHave = 0;
        dropPayload();
        return p;
    }

    /** Refuses the current frame for {@code error}: its {@code left} payload bytes still to come stream aside. */
    private void skipMessage(FrameError error, long left) {
        if (flag != FLAG_TRAILERS) {
            index++; // a refused message keeps its place in the stream's numbering
        }
        listener.error(error, payloadOffset);
        skipLeft = left;
        state = State.SKIP;
    }

    private void dropPayload() {
        payload = new byte[0];
        room.holds(0);
    }

    /** The payload of the current frame is {@code buf[off, off + length)}: deliver it. */
    private void complete(byte[] buf, int off) {
        state = State.HEADER;
        payloadHave = 0;
        if (flag == FLAG_TRAILERS) {
            listener.trailers(GrpcTrailers.parseBlock(buf, off, length), payloadOffset);
            return;
        }
        boolean compressed = flag == FLAG_COMPRESSED;
        GrpcMessage message = new GrpcMessage(index++, payloadOffset, length, compressed, true);
        if (!compressed) {
            listener.message(buf, off, length, message);
            return;
        }
        if (encoding != GrpcEncoding.GZIP && encoding != GrpcEncoding.DEFLATE) {
            refuse(FrameError.UNSUPPORTED_ENCODING, buf, off);
            return;
        }
        switch (inflater.inflate(encoding, buf, off, length)) {
            case OK -> {
                listener.message(inflater.output(), 0, inflater.outputLength(), message);
                inflater.trim();
            }
            case TOO_LARGE -> refuse(FrameError.DECOMPRESSED_TOO_LARGE, buf, off);
            case CORRUPT -> refuse(FrameError.DECOMPRESSION_FAILED, buf, off);
            default -> throw new IllegalStateException();
        }
    }

    private void refuse(FrameError error, byte[] buf, int off) {
        inflater.trim();
        listener.error(error, payloadOffset);
        listener.uninspected(buf, off, length, payloadOffset);
    }

    private void advance(int n) {
        offset += n;
    }

    /** Configuration for a {@link GrpcFrameDecoder}. */
    public static final class Builder {
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int maxDecompressedBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private GrpcEncoding encoding = GrpcEncoding.IDENTITY;
        private boolean trailerFrames;
        private MessageRoom room = MessageRoom.UNBOUNDED;
        private FrameListener listener;

        private Builder() {
        }

        /** Largest payload buffered as one message (default 4 MiB). */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 1) {
                throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /** Largest decompressed message (default 4 MiB). */
        public Builder maxDecompressedBytes(int maxDecompressedBytes) {
            if (maxDecompressedBytes < 1 || maxDecompressedBytes == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxDecompressedBytes must be 1.." + (Integer.MAX_VALUE - 1)
                        + ": " + maxDecompressedBytes);
            }
            this.maxDecompressedBytes = maxDecompressedBytes;
            return this;
        }

        /** The call's {@code grpc-encoding} (default identity). */
        public Builder encoding(GrpcEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** Accept grpc-web trailer frames (flag 0x80); off for plain gRPC, where 0x80 is an invalid flag. */
        public Builder trailerFrames(boolean trailerFrames) {
            this.trailerFrames = trailerFrames;
            return this;
        }

        /** Asked before the message buffer grows (default: always room). */
        public Builder room(MessageRoom room) {
            this.room = Objects.requireNonNull(room, "room");
            return this;
        }

        public Builder listener(FrameListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public GrpcFrameDecoder build() {
            if (listener == null) {
                throw new IllegalStateException("listener is required");
            }
            return new GrpcFrameDecoder(this);
        }
    }
}
