package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.Block;
import dev.sluice.standalone.proxy.spi.BodyVerdict;
import dev.sluice.standalone.proxy.spi.ChunkResult;
import dev.sluice.standalone.proxy.spi.FailMode;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayDeque;

/**
 * Carries one message's body through its {@link MessageFilter} to a {@link Target}, as the head
 * decision says: untouched ({@code PASS}), filtered with its framing kept ({@code STREAM}),
 * filtered and re-framed ({@code STREAM_RESIZABLE}), or held with its head until the verdict
 * ({@code HOLD}, with {@code Content-Length} set to what the filter let through).
 *
 * <p>Limits: held output at most the hold limit (over it the fail mode decides); one filter call
 * writes at most {@code maxOutputPerCall} bytes. A filter that throws or overflows is a failure:
 * with {@link FailMode#OPEN}, and only while everything it let through so far was the input
 * verbatim, the pump switches to pass-through; otherwise the caller refuses or resets.
 *
 * <p>Buffers: {@link #content} and {@link #end} take ownership of the buffer they are given; the
 * target takes ownership of what it is given; {@link #discard} releases anything held.
 */
final class MessagePump {
    /** What happened to the message after a call. */
    enum Step { CONTINUE, DONE, BLOCKED, OVER_LIMIT, FAILED }

    /** Where the filtered message goes. */
    interface Target {
        /** Sends the head with {@code framing} applied ({@code length} for a known length). */
        void head(Framing framing, long length);

        /** Sends body bytes; takes ownership. */
        void content(ByteBuf bytes);

        /** Sends the last body bytes and the trailers; takes ownership of {@code bytes}. */
        void last(ByteBuf bytes, HttpHeaders trailers);
    }

    private enum Mode { PASS, STREAM, STREAM_RESIZABLE, HOLD }

    private final MessageFilter filter;
    private final Target target;
    private final ByteBufSink sink;
    private final boolean bodyExpected;
    private final long declaredLength;
    private final FailMode failMode;
    private final long holdLimit;
    private final FailMode overLimit;
    private Mode mode;
    private boolean headSent;
    private ArrayDeque<ByteBuf> held;
    private long heldBytes;
    private long outBytes;
    private boolean verbatim = true;
    private Block block;

    /**
     * @param bodyExpected   whether the message can have a body (not a HEAD response, 1xx, 204, 304,
     *                       nor a request without Content-Length or chunked framing)
     * @param declaredLength its Content-Length, or -1
     */
    MessagePump(MessageFilter filter, HeadDecision decision, ProxyConfig config, Target target,
                ByteBufAllocator alloc, boolean bodyExpected, long declaredLength) {
        this.filter = filter;
        this.target = target;
        this.bodyExpected = bodyExpected;
        this.declaredLength = declaredLength;
        this.failMode = config.failMode();
        this.mode = switch (decision.kind()) {
            case PASS -> Mode.PASS;
            case STREAM -> Mode.STREAM;
            case STREAM_RESIZABLE -> Mode.STREAM_RESIZABLE;
            case HOLD -> Mode.HOLD;
            default -> throw new IllegalArgumentException("not a forwarding decision: " + decision);
        };
        long max = config.maxHeldBodyBytes();
        this.holdLimit = decision.maxHoldBytes() < 0 ? max : Math.min(max, decision.maxHoldBytes());
        this.overLimit = decision.overLimit() == null ? config.failMode() : decision.overLimit();
        this.sink = new ByteBufSink(alloc, (int) Math.max(max, 1024 * 1024));
    }

    /** Sends the head now unless held. A held body whose declared length is over the limit fails at once. */
    Step start() {
        if (mode != Mode.HOLD) {
            sendHead(mode == Mode.STREAM_RESIZABLE ? Framing.UNKNOWN_LENGTH : Framing.AS_RECEIVED, -1);
            return Step.CONTINUE;
        }
        held = new ArrayDeque<>();
        if (declaredLength > holdLimit && bodyExpected) {
            return overLimit();
        }
        return Step.CONTINUE;
    }

    /** Filters and forwards one chunk; takes ownership of {@code chunk}. */
    Step content(ByteBuf chunk) {
        if (!chunk.isReadable()) {
            chunk.release();
            return Step.CONTINUE;
        }
        if (mode == Mode.PASS) {
            return emit(chunk);
        }
        ChunkResult result;
        try {
            result = filter.onChunk(chunk.nioBuffer().asReadOnlyBuffer(), sink);
        } catch (RuntimeException e) {
            result = null;
        }
        ByteBuf produced = sink.take();
        if (result == null || sink.overflowed()) {
            release(produced);
            return filterFailed(chunk);
        }
        if (result.blocked() != null) {
            release(produced);
            chunk.release();
            block = result.blocked();
            discard();
            return Step.BLOCKED;
        }
        if (result.endsHold()) {
            if (mode == Mode.HOLD) {
                streamWithoutVerdict();
            }
            result = result.base();
        }
        if (result == ChunkResult.PASS_REST) {
            if (produced == null && verbatim) {
                switchToPass();
                return emit(chunk);
            }
            result = ChunkResult.FORWARD;
        }
        if (produced != null || result != ChunkResult.FORWARD) {
            verbatim = false;
        }
        ByteBuf out;
        if (result == ChunkResult.FORWARD) {
            out = produced == null ? chunk : join(produced, chunk);
        } else {
            chunk.release();
            out = produced;
        }
        return out == null ? Step.CONTINUE : emit(out);
    }

    /** Ends the body: filters the last bytes, gets the verdict, sends what is left; takes ownership of {@code last}. */
    Step end(ByteBuf last, HttpHeaders trailers) {
        Step step = content(last);
        if (step != Step.CONTINUE) {
            return step;
        }
        if (mode == Mode.PASS) {
            return finish(null, trailers);
        }
        HttpHeaders mutableTrailers = trailers.isEmpty() ? DefaultHttpHeadersFactory.trailersFactory().newHeaders()
                : trailers;
        NettyHeaderMap map = new NettyHeaderMap(mutableTrailers);
        BodyVerdict verdict;
        try {
            verdict = filter.onEnd(sink, map);
        } catch (RuntimeException e) {
            verdict = null;
        }
        map.freeze();
        ByteBuf produced = sink.take();
        if (verdict == null || sink.overflowed()) {
            release(produced);
            if (failMode == FailMode.OPEN && verbatim) {
                switchToPass();
                return finish(null, mutableTrailers);
            }
            discard();
            return Step.FAILED;
        }
        if (verdict.blocked() != null) {
            release(produced);
            block = verdict.blocked();
            discard();
            return Step.BLOCKED;
        }
        return finish(produced, mutableTrailers);
    }

    private Step finish(ByteBuf produced, HttpHeaders trailers) {
        if (produced != null && !bodyExpected) {
            produced.release();
            produced = null;
        }
        if (mode == Mode.HOLD) {
            if (produced != null) {
                heldBytes += produced.readableBytes();
                held.add(produced);
                if (heldBytes > holdLimit) {
                    Step s = overLimit();
                    if (s != Step.CONTINUE) {
                        return s;
                    }
                    target.last(Unpooled.EMPTY_BUFFER, trailers);
                    return Step.DONE;
                }
            }
            sendHead(trailers.isEmpty() ? Framing.KNOWN_LENGTH : Framing.UNKNOWN_LENGTH, heldBytes);
            ByteBuf tail = drainHeld();
            target.last(tail == null ? Unpooled.EMPTY_BUFFER : tail, trailers);
            return Step.DONE;
        }
        long total = outBytes + (produced == null ? 0 : produced.readableBytes());
        if (mode == Mode.STREAM && declaredLength >= 0 && bodyExpected && total != declaredLength) {
            release(produced);
            return Step.FAILED;
        }
        outBytes = total;
        target.last(produced == null ? Unpooled.EMPTY_BUFFER : produced, trailers);
        return Step.DONE;
    }

    private Step emit(ByteBuf out) {
        if (!bodyExpected) {
            out.release();
            return Step.CONTINUE;
        }
        if (mode == Mode.HOLD) {
            heldBytes += out.readableBytes();
            held.add(out);
            return heldBytes > holdLimit ? overLimit() : Step.CONTINUE;
        }
        outBytes += out.readableBytes();
        if (mode == Mode.STREAM && declaredLength >= 0 && outBytes > declaredLength) {
            // Never send more than the Content-Length that already left: the caller resets.
            out.release();
            return Step.FAILED;
        }
        target.content(out);
        return Step.CONTINUE;
    }

    private Step overLimit() {
        if (overLimit == FailMode.CLOSED) {
            discard();
            return Step.OVER_LIMIT;
        }
        streamWithoutVerdict();
        return Step.CONTINUE;
    }

    /** Fail open: the head leaves without a verdict, then what was held; the length is no longer known. */
    private void streamWithoutVerdict() {
        mode = Mode.STREAM_RESIZABLE;
        sendHead(Framing.UNKNOWN_LENGTH, -1);
        flushHeldAsContent();
    }

    private Step filterFailed(ByteBuf chunk) {
        if (failMode == FailMode.OPEN && verbatim) {
            switchToPass();
            return emit(chunk);
        }
        chunk.release();
        discard();
        return Step.FAILED;
    }

    /** Everything let through so far was the input itself, so the rest may follow untouched, framing and all. */
    private void switchToPass() {
        boolean wasHolding = mode == Mode.HOLD;
        mode = Mode.PASS;
        if (wasHolding) {
            sendHead(Framing.AS_RECEIVED, -1);
            flushHeldAsContent();
        }
    }

    private void sendHead(Framing framing, long length) {
        if (!headSent) {
            headSent = true;
            target.head(framing, length);
        }
    }

    private void flushHeldAsContent() {
        ByteBuf all = drainHeld();
        if (all != null) {
            outBytes += all.readableBytes();
            target.content(all);
        }
    }

    /** Joins the held buffers into one (without copying), or {@code null} if none. */
    private ByteBuf drainHeld() {
        if (held == null || held.isEmpty()) {
            return null;
        }
        if (held.size() == 1) {
            heldBytes = 0;
            return held.poll();
        }
        CompositeByteBuf all = Unpooled.compositeBuffer(held.size());
        ByteBuf b;
        while ((b = held.poll()) != null) {
            all.addComponent(true, b);
        }
        heldBytes = 0;
        return all;
    }

    private static ByteBuf join(ByteBuf first, ByteBuf second) {
        CompositeByteBuf both = Unpooled.compositeBuffer(2);
        both.addComponent(true, first);
        both.addComponent(true, second);
        return both;
    }

    /** Whether the head has been handed to the target. */
    boolean headSent() {
        return headSent;
    }

    /** The block of the last {@link Step#BLOCKED}. */
    Block block() {
        return block;
    }

    /** Releases everything held; the pump is not used after this. */
    void discard() {
        if (held != null) {
            ByteBuf b;
            while ((b = held.poll()) != null) {
                b.release();
            }
        }
        heldBytes = 0;
        sink.discard();
    }

    private static void release(ByteBuf b) {
        if (b != null) {
            b.release();
        }
    }
}
