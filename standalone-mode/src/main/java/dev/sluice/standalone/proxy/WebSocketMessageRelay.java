package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.Block;
import dev.sluice.standalone.proxy.spi.FailMode;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.WebSocketMessageHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Carries the messages of one direction of a {@link WebSocketTunnel} through the exchange's
 * filter, one message at a time: a message's payload is a body to its {@link MessageFilter}, run
 * by a {@link MessagePump} as an HTTP body is, so holding, streaming, rewriting, the hold limit
 * and the fail mode work the same way. What the pump lets through leaves as the frames of one
 * message: the first carries the message's opcode, the others are continuations, the last is
 * final (RFC 6455 §5.4 lets an intermediary refragment a message when no extension is agreed).
 * A message its filter passes goes on frame by frame as it came. Control frames (ping, pong,
 * close) go on at once, also between the fragments of a held message (§5.5).
 */
final class WebSocketMessageRelay {
    /** Where the relay's frames go and how it stops the tunnel. */
    interface Output {
        /** Sends a frame on; takes ownership. */
        void frame(WebSocketFrame frame);

        /** Ends the tunnel: the filter blocked a message, or failed (or overran a limit) with the fail mode closed. */
        void stop(WebSocketCloseStatus status, String reason);
    }

    /** The filters of the messages; the exchange filter's {@link dev.sluice.standalone.proxy.spi.ExchangeFilter#webSocketMessage}. */
    interface Filters {
        MessageFilter next(boolean fromClient);
    }

    private static final NettyHeaderMap NO_FIELDS = frozen();

    private final boolean fromClient;
    private final Filters filters;
    private final ProxyConfig config;
    private final ByteBufAllocator alloc;
    private final Output output;
    private final FrameTarget target = new FrameTarget();
    private MessagePump pump;
    private boolean passing;
    private boolean stopped;

    WebSocketMessageRelay(boolean fromClient, Filters filters, ProxyConfig config, ByteBufAllocator alloc,
                          Output output) {
        this.fromClient = fromClient;
        this.filters = filters;
        this.config = config;
        this.alloc = alloc;
        this.output = output;
    }

    private static NettyHeaderMap frozen() {
        NettyHeaderMap m = new NettyHeaderMap(EmptyHttpHeaders.INSTANCE);
        m.freeze();
        return m;
    }

    /** A frame read from this direction's sender; takes ownership. */
    void onFrame(WebSocketFrame frame) {
        if (stopped) {
            frame.release();
            return;
        }
        boolean data = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        if (!data && !(frame instanceof ContinuationWebSocketFrame)) {
            output.frame(frame);
            return;
        }
        if (data && !begin(frame instanceof TextWebSocketFrame)) {
            frame.release();
            return;
        }
        if (passing) {
            output.frame(frame);
            return;
        }
        boolean fin = frame.isFinalFragment();
        ByteBuf payload = frame.content().retain();
        frame.release();
        MessagePump.Step step = fin ? pump.end(payload, EmptyHttpHeaders.INSTANCE) : pump.content(payload);
        switch (step) {
            case DONE -> pump = null;
            case BLOCKED -> stop(WebSocketCloseStatus.POLICY_VIOLATION,
                    pump.block().statusMessage());
            case OVER_LIMIT -> stop(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over the inspection limit");
            case FAILED -> stop(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "message filter failed");
            default -> { }
        }
    }

    /** Starts a message; false when the tunnel stopped at its head. */
    private boolean begin(boolean text) {
        target.start(text);
        passing = false;
        HeadDecision decision;
        MessageFilter filter;
        try {
            filter = filters.next(fromClient);
            decision = filter == null ? HeadDecision.pass()
                    : filter.onHead(new WebSocketMessageHead(fromClient, text, NO_FIELDS));
            if (decision == null) {
                throw new IllegalStateException("filter returned no head decision");
            }
        } catch (RuntimeException e) {
            if (config.failMode() == FailMode.OPEN) {
                passing = true;
                return true;
            }
            stop(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "message filter failed");
            return false;
        }
        switch (decision.kind()) {
            case PASS -> passing = true;
            case BLOCK -> {
                Block b = decision.blocked();
                stop(WebSocketCloseStatus.POLICY_VIOLATION, b.statusMessage());
                return false;
            }
            case REJECT -> {
                stop(WebSocketCloseStatus.POLICY_VIOLATION, "rejected by policy");
                return false;
            }
            default -> {
                pump = new MessagePump(filter, decision, config, target, alloc, true, -1);
                pump.start();
            }
        }
        return true;
    }

    private void stop(WebSocketCloseStatus status, String reason) {
        stopped = true;
        discard();
        output.stop(status, reason);
    }

    /** The tunnel closed: releases a message still in the pump, and bytes waiting for their frame. */
    void discard() {
        if (pump != null) {
            pump.discard();
            pump = null;
        }
        target.release();
    }

    /**
     * Frames what the pump lets through: the message's opcode first, then continuations; the last
     * one final. The latest bytes wait for the next, so the final frame carries them rather than
     * coming empty after them: an empty final frame is one more frame on the wire, and one that
     * would leave the deflate encoder's window to the next message (see DeflateContextReset).
     */
    private final class FrameTarget implements MessagePump.Target {
        private boolean text;
        private boolean started;
        /** The latest bytes, not yet framed. */
        private ByteBuf waiting;

        void start(boolean isText) {
            text = isText;
            started = false;
            release();
        }

        @Override
        public void head(Framing framing, long length) {
            // A message has no head of its own: the handshake's went out before the tunnel opened.
        }

        @Override
        public void content(ByteBuf bytes) {
            if (!bytes.isReadable()) {
                bytes.release();
                return;
            }
            if (waiting != null) {
                send(waiting, false);
            }
            waiting = bytes;
        }

        @Override
        public void last(ByteBuf bytes, HttpHeaders trailers) {
            if (waiting == null) {
                send(bytes, true);
                return;
            }
            ByteBuf before = waiting;
            waiting = null;
            if (bytes.isReadable()) {
                send(before, false);
                send(bytes, true);
            } else {
                bytes.release();
                send(before, true);
            }
        }

        /** Drops bytes still waiting (the message was stopped). */
        void release() {
            if (waiting != null) {
                waiting.release();
                waiting = null;
            }
        }

        private void send(ByteBuf bytes, boolean fin) {
            WebSocketFrame frame = started ? new ContinuationWebSocketFrame(fin, 0, bytes)
                    : text ? new TextWebSocketFrame(fin, 0, bytes) : new BinaryWebSocketFrame(fin, 0, bytes);
            started = true;
            output.frame(frame);
        }
    }
}
