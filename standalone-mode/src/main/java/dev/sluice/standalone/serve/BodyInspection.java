package dev.sluice.standalone.serve;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.matchers.Direction;
import dev.sluice.standalone.proxy.spi.BodySink;
import dev.sluice.standalone.proxy.spi.BodyVerdict;
import dev.sluice.standalone.proxy.spi.ChunkResult;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.HeaderMap;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.MessageHead;
import dev.sluice.standalone.proxy.spi.ResponseHead;
import java.nio.ByteBuffer;

/**
 * Inspects one body of an exchange as it streams through the proxy, forwarding every chunk as it
 * came ({@link ChunkResult#FORWARD}: the proxy sends its own buffer on, nothing is copied for the
 * client). The session opens at the first body byte, so bodiless messages cost nothing; a gRPC
 * body whose method types are still being looked up waits for them in {@link PendingBytes} (up
 * to {@value #PENDING_LIMIT} bytes, then it is read schema-less). At the end of the body the
 * exchange asks the policy and reports.
 *
 * <p>Report-only: the policy-actions issue carries decisions out here — {@link #onHead} then asks
 * for {@code hold} or {@code streamResizable} on routes that may block or redact, and
 * {@link #onEnd} writes redacted bytes and returns a block.
 */
final class BodyInspection implements MessageFilter {
    static final int PENDING_LIMIT = 256 * 1024;
    static final int SCRATCH_BYTES = 16 * 1024;
    /** Read-only chunks have no array to feed from: one copy buffer per I/O thread, reused for every chunk. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private final InspectedExchange exchange;
    private final Direction direction;
    private String contentType;
    private String contentEncoding;
    private String grpcEncoding;
    private int status;
    private InspectionSession session;
    private PendingBytes pending;
    private long nanos;

    BodyInspection(InspectedExchange exchange, Direction direction) {
        this.exchange = exchange;
        this.direction = direction;
    }

    @Override
    public HeadDecision onHead(MessageHead head) {
        HeaderMap h = head.headers();
        contentType = h.get("content-type");
        if (UninspectedMediaTypes.skips(contentType)) {
            return HeadDecision.pass();
        }
        contentEncoding = h.get("content-encoding");
        grpcEncoding = h.get("grpc-encoding");
        if (head instanceof ResponseHead response) {
            status = response.status();
        }
        // Report-only: the body leaves as it came (with its Content-Length), inspected on the way.
        return HeadDecision.stream();
    }

    @Override
    public ChunkResult onChunk(ByteBuffer chunk, BodySink out) {
        if (!chunk.hasRemaining()) {
            return ChunkResult.FORWARD;
        }
        if (session == null && exchange.schemaPending()) {
            if (pending == null) {
                pending = new PendingBytes(PENDING_LIMIT);
            }
            if (pending.add(chunk)) {
                return ChunkResult.FORWARD;
            }
        }
        long start = System.nanoTime();
        if (session == null) {
            open();
        }
        feed(chunk);
        nanos += System.nanoTime() - start;
        return ChunkResult.FORWARD;
    }

    @Override
    public BodyVerdict onEnd(BodySink out, HeaderMap trailers) {
        if (session == null && pending == null) {
            return BodyVerdict.ALLOW; // no body: nothing inspected, nothing to report
        }
        long start = System.nanoTime();
        if (session == null) {
            open();
        }
        InspectionResult result = session.finish();
        session = null;
        nanos += System.nanoTime() - start;
        exchange.decide(direction, status, result, nanos);
        // Report-only: the decision is in the event and the metrics; the body has already gone on unchanged.
        return BodyVerdict.ALLOW;
    }

    private void open() {
        BodySpec spec = BodySpec.builder(direction).contentType(contentType).contentEncoding(contentEncoding)
                .protobuf(exchange.protobuf(direction, grpcEncoding)).build();
        session = exchange.inspector().open(spec);
        if (pending != null) {
            pending.drainTo(session);
            pending = null;
        }
    }

    private void feed(ByteBuffer chunk) {
        int pos = chunk.position();
        int len = chunk.remaining();
        if (chunk.hasArray()) {
            session.feed(chunk.array(), chunk.arrayOffset() + pos, len);
            return;
        }
        byte[] scratch = SCRATCH.get();
        for (int done = 0; done < len; ) {
            int n = Math.min(scratch.length, len - done);
            chunk.get(pos + done, scratch, 0, n);
            session.feed(scratch, 0, n);
            done += n;
        }
    }

    /** The exchange is over: closes a session that never reached its end (an aborted body). */
    void release() {
        if (session != null) {
            session.close();
            session = null;
        }
        pending = null;
    }

    @Override
    public String toString() {
        return "BodyInspection[" + exchange + " " + direction.label() + "]";
    }
}
