package dev.sluice.grpc;

import dev.sluice.grpc.frame.FrameError;
import dev.sluice.grpc.frame.GrpcMessage;
import dev.sluice.grpc.frame.GrpcTrailers;
import dev.sluice.grpc.walk.ValueVisitor;

/**
 * Everything a {@link GrpcBodyReader} reports, in body order: for each message
 * {@code messageStart}, its values and walk problems ({@link ValueVisitor}), {@code messageEnd};
 * framing failures, bytes that could not be read as messages, grpc-web trailers. Buffers are
 * borrowed for the call only.
 *
 * <p>Offsets: a value's {@code bodyOffset} is {@code message.payloadOffset()} plus the value's
 * offset inside the (decoded) message. For an uncompressed message that is exactly the offset of
 * the value in the body as sent. For a compressed one ({@link GrpcMessage#compressed()}) no body
 * byte holds the value: {@code bodyOffset - payloadOffset} is its offset in the decompressed
 * message (what {@link dev.sluice.grpc.edit.ValueEdit} needs), and a finding should be placed on
 * the whole frame, {@code [frameOffset(), payloadOffset() + wireLength())}.
 */
public interface GrpcBodyListener extends ValueVisitor {

    /** A message begins; its values follow. */
    default void messageStart(GrpcMessage message) {
    }

    /**
     * A message was walked; {@code buf[off, off + len)} are its decoded bytes, still valid here,
     * so a redaction can re-encode it (offset 0 of a {@code ValueEdit} is {@code buf[off]}).
     */
    default void messageEnd(GrpcMessage message, byte[] buf, int off, int len) {
    }

    /** A framing failure (see {@link FrameError}); the bytes concerned arrive through {@link #uninspected}. */
    default void frameError(FrameError error, long bodyOffset) {
    }

    /** Body bytes not delivered as a message, first at {@code bodyOffset}: scan them raw. */
    default void uninspected(byte[] buf, int off, int len, long bodyOffset) {
    }

    /** A grpc-web trailer frame. */
    default void trailers(GrpcTrailers trailers, long bodyOffset) {
    }
}
