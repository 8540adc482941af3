package dev.sluice.grpc.frame;

/**
 * Receives what {@link GrpcFrameDecoder} makes of a body, in body order. Buffers are borrowed
 * for the call only.
 */
public interface FrameListener {

    /**
     * One complete message, decompressed if it was compressed: {@code len} bytes from
     * {@code buf[off]}. For an uncompressed message {@code buf[off]} is the body byte at
     * {@code message.payloadOffset()}.
     */
    void message(byte[] buf, int off, int len, GrpcMessage message);

    /** A defined failure at {@code bodyOffset} (the frame's payload, or where the body ended). */
    void error(FrameError error, long bodyOffset);

    /**
     * Body bytes not delivered as a message (a skipped oversized or undecodable payload, a
     * truncated frame, everything after an invalid flag), the first of them at
     * {@code bodyOffset}, so a caller can still scan them raw. The default drops them.
     */
    default void uninspected(byte[] buf, int off, int len, long bodyOffset) {
    }

    /** A grpc-web trailer frame (flag 0x80), when the decoder accepts them. The default drops it. */
    default void trailers(GrpcTrailers trailers, long bodyOffset) {
    }
}
