package dev.sluice.standalone.spoe;

import dev.sluice.matchers.Direction;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's side of one SPOP connection, its frames already cut by their length prefix:
 * HAPROXY-HELLO first (answered with AGENT-HELLO, the smaller frame size and the
 * {@code pipelining} capability; a health check is closed after it), then NOTIFY frames, each
 * answered in order by an ACK with its stream and frame ids, until HAPROXY-DISCONNECT.
 *
 * <p>What breaks the protocol — a frame before the HELLO or a second HELLO, a fragmented payload
 * (the agent does not announce fragmentation), a malformed frame, one larger than the agreed
 * size, a missing HELLO item — is answered with AGENT-DISCONNECT and the status SPOE.txt gives
 * it, and the connection is closed. Frames of unknown types are skipped, as SPOE.txt allows.
 * A connection without a HELLO for the hello timeout is closed; so is one idle for the idle
 * timeout (an {@code IdleStateHandler} before this one says so).
 */
final class SpopConnection extends SimpleChannelInboundHandler<ByteBuf> {
    static final String CAPABILITIES = "pipelining";

    private final SpoeCheck check;
    private final SpoeSettings settings;
    private int frameSize;
    private boolean hello;
    private boolean closing;
    private ScheduledFuture<?> helloTimer;

    SpopConnection(SpoeCheck check, SpoeSettings settings) {
        this.check = check;
        this.settings = settings;
        this.frameSize = settings.maxFrameSize();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        helloTimer = ctx.executor().schedule(() -> {
            if (!hello) {
                ctx.close();
            }
        }, settings.helloTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (helloTimer != null) {
            helloTimer.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf bytes) {
        if (closing) {
            return;
        }
        try {
            SpopFrame frame = SpopFrame.read(bytes);
            if (!frame.fin()) {
                throw new SpopException(Spop.STATUS_NO_FRAGMENTATION, "fragmented payloads are not supported");
            }
            switch (frame.type()) {
                case Spop.FRAME_HAPROXY_HELLO -> hello(ctx, frame);
                case Spop.FRAME_HAPROXY_DISCONNECT -> disconnect(ctx, Spop.STATUS_NORMAL, "bye");
                case Spop.FRAME_NOTIFY -> notify(ctx, frame);
                default -> {
                    // SPOE.txt 3.2.2: unknown frames may be skipped.
                }
            }
        } catch (SpopException e) {
            disconnect(ctx, e.status(), e.getMessage());
        }
    }

    private void hello(ChannelHandlerContext ctx, SpopFrame frame) {
        if (hello) {
            throw SpopReader.invalid("second HAPROXY-HELLO");
        }
        String versions = null;
        Long size = null;
        String capabilities = null;
        boolean healthcheck = false;
        SpopReader in = frame.payload();
        while (in.hasMore()) {
            String key = in.string();
            Object value = in.typed();
            switch (key) {
                case "supported-versions" -> versions = value instanceof String s ? s : null;
                case "max-frame-size" -> size = value instanceof Long l ? l : null;
                case "capabilities" -> capabilities = value instanceof String s ? s : null;
                case "healthcheck" -> healthcheck = Boolean.TRUE.equals(value);
                default -> {
                    // engine-id and items of later versions
                }
            }
        }
        if (versions == null) {
            throw new SpopException(Spop.STATUS_NO_VERSION, "supported-versions missing");
        }
        if (size == null) {
            throw new SpopException(Spop.STATUS_NO_FRAME_SIZE, "max-frame-size missing");
        }
        if (capabilities == null) {
            throw new SpopException(Spop.STATUS_NO_CAPABILITIES, "capabilities missing");
        }
        if (!supportsVersion2(versions)) {
            throw new SpopException(Spop.STATUS_BAD_VERSION, "SPOP 2.x required, HAProxy offers " + versions);
        }
        if (size < Spop.MIN_FRAME_SIZE + SpoeSettings.ACK_HEADROOM) {
            throw new SpopException(Spop.STATUS_BAD_FRAME_SIZE, "max-frame-size " + size + " too small");
        }
        hello = true;
        frameSize = (int) Math.min(size, settings.maxFrameSize());
        var written = ctx.writeAndFlush(SpopFrame.agentHello(ctx.alloc(), frameSize, CAPABILITIES));
        if (healthcheck) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** "2.0", "2.0, 1.5": any 2.x major version will do (SPOE.txt 3.2.4). */
    static boolean supportsVersion2(String versions) {
        for (String v : versions.split(",")) {
            String t = v.trim();
            if (t.equals("2") || t.startsWith("2.")) {
                return true;
            }
        }
        return false;
    }

    private void notify(ChannelHandlerContext ctx, SpopFrame frame) {
        if (!hello) {
            throw SpopReader.invalid("NOTIFY before HAPROXY-HELLO");
        }
        List<SpoeMessage> messages = SpoeMessage.readAll(frame.payload());
        SpoeVerdict verdict = null;
        CompletableFuture<StreamingMethod> streams = null;
        for (SpoeMessage m : messages) {
            if (m.name().equals(StreamingMethod.MESSAGE)) {
                streams = check.streams(m);
                continue;
            }
            Direction direction = SpoeCheck.directionOf(m.name());
            if (direction == null) {
                continue; // another agent's message in a shared configuration: acknowledged, not read
            }
            SpoeVerdict v = check.check(m, direction, frameSize - SpoeSettings.ACK_HEADROOM);
            if (verdict == null || v.action().ordinal() > verdict.action().ordinal()) {
                verdict = v;
            }
        }
        SpoeVerdict answer = verdict;
        long streamId = frame.streamId();
        long frameId = frame.frameId();
        if (streams == null || streams.isDone()) {
            ack(ctx, streamId, frameId, answer, streams == null ? null : streams.join());
        } else {
            // A reflection lookup under way (StreamingMethod.REFLECTION_WAIT at most): the ACK
            // follows it, and pipelining lets ACKs leave in any order on this connection.
            streams.thenAccept(method -> ctx.executor().execute(() -> ack(ctx, streamId, frameId, answer, method)));
        }
    }

    private void ack(ChannelHandlerContext ctx, long streamId, long frameId, SpoeVerdict verdict,
                     StreamingMethod method) {
        if (closing) {
            return;
        }
        ctx.writeAndFlush(SpopFrame.build(ctx.alloc(), Spop.FRAME_ACK, streamId, frameId, w -> {
            if (verdict != null) {
                verdict.writeActions(w);
            }
            if (method != null) {
                method.writeActions(w);
            }
        }));
    }

    private void disconnect(ChannelHandlerContext ctx, int status, String message) {
        if (closing) {
            return;
        }
        closing = true;
        ctx.writeAndFlush(SpopFrame.agentDisconnect(ctx.alloc(), status, message))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            disconnect(ctx, Spop.STATUS_NORMAL, "idle");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            disconnect(ctx, Spop.STATUS_TOO_BIG, "frame larger than " + frameSize + " bytes");
        } else {
            ctx.close();
        }
    }
}
