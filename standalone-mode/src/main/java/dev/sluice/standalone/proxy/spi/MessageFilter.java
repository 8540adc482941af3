package dev.sluice.standalone.proxy.spi;

import java.nio.ByteBuffer;

/**
 * Filters one message (a request or a response) of one exchange: first its head, then, unless
 * the head decision was {@link HeadDecision#pass()} or a rejection, each body chunk in order and
 * finally the end of the body with its trailers.
 *
 * <p>A body that is empty still gets {@link #onEnd}. A filter that has been told nothing about a
 * chunk boundary sees the body split anywhere: a value may be cut across two chunks. The
 * defaults pass everything through unchanged.
 */
public interface MessageFilter {

    /**
     * Decides what happens to the head. {@code head.headers()} may be changed during this call;
     * the changes are forwarded (after the proxy's own hop-by-hop and framing rules).
     */
    default HeadDecision onHead(MessageHead head) {
        return HeadDecision.pass();
    }

    /**
     * Takes the next body chunk. {@code chunk} is read-only and borrowed for this call only: copy
     * what must be kept. Bytes written to {@code out} during the call are forwarded first, then
     * the chunk itself if this returns {@link ChunkResult#FORWARD}; with
     * {@link ChunkResult#CONSUMED} only what was written to {@code out} goes on, possibly nothing
     * (the filter holds bytes back). Returning a block stops the body here.
     */
    default ChunkResult onChunk(ByteBuffer chunk, BodySink out) {
        return ChunkResult.FORWARD;
    }

    /**
     * The body ended: write anything still held back to {@code out} and give the verdict.
     * {@code trailers} are the message's trailers (empty when it has none, as in most HTTP/1.1
     * messages) and may be changed; a block of a gRPC response makes the proxy set
     * {@code grpc-status} and {@code grpc-message} there.
     */
    default BodyVerdict onEnd(BodySink out, HeaderMap trailers) {
        return BodyVerdict.ALLOW;
    }
}
