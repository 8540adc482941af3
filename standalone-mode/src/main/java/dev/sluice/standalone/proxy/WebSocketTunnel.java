package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

/**
 * A client connection and an upstream connection after the upstream accepted a WebSocket
 * upgrade: each side's pipeline decodes frames (Netty's RFC 6455 codec, unmasking the client's,
 * masking what goes upstream) into an {@link End}, which hands them to its direction's
 * {@link WebSocketMessageRelay}. Both connections live on one event loop.
 *
 * <p>Where {@code permessage-deflate} was agreed with a side ({@link WebSocketDeflate}), Netty's
 * extension codec sits between that side's frame codec and its end: what it reads is inflated
 * before its relay sees it, what goes to it is deflated after.
 *
 * <p>Limits: a frame's payload is at most the proxy's hold limit, inflated or not. A side that
 * breaks the protocol (a longer frame, a frame masked the wrong way, reserved bits set) gets the
 * codec's status (1009, 1002; an agreed compression's corrupt data 1007, a frame inflating past
 * the hold limit 1009) and the other side 1001. A side that cannot take more bytes stops reading
 * on the other. With no frame either way for the idle timeout both sides get a close frame
 * (1001); a filter's block closes both with 1008 and names the event. When one side's connection
 * ends, the other's is closed after what was written to it has left, with a close frame (1001)
 * first unless the closing handshake already went that way. A side sent a close frame has a
 * second to answer it before its connection is closed. The exchange's filter hears
 * {@link ExchangeOutcome#WEBSOCKET_CLOSED} then.
 */
final class WebSocketTunnel {
    /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes, two of them the status. */
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    /** How long a side that was sent a close frame may take to answer it before its connection is closed. */
    private static final long CLOSE_GRACE_MILLIS = 1000;
    private static final String FRAME_DECODER = "websocket-frame-decoder";
    private static final String INFLATER = "websocket-inflater";
    private static final String DEFLATER = "websocket-deflater";

    private final ProxyConfig config;
    private final ExchangeFilter filter;
    private final ByteBufAllocator alloc;
    private final WebSocketDeflate deflate;
    private final End client;
    private final End upstream;
    private boolean closed;

    /** {@code filter} may be null: every message passes; {@code deflate} too: no extension agreed. */
    WebSocketTunnel(ProxyConfig config, ExchangeFilter filter, ByteBufAllocator alloc, WebSocketDeflate deflate) {
        this.config = config;
        this.filter = filter;
        this.alloc = alloc;
        this.deflate = deflate;
        this.client = new End(true);
        this.upstream = new End(false);
    }

    /**
     * Puts the tunnel into one side's pipeline, whose own HTTP handlers after {@code httpCodec}
     * have left it: the side's end goes last, then the frame codec takes the HTTP codec's place.
     * Replacing the codec last hands the bytes it read past the handshake (a server's first
     * frames often arrive with its 101) to the frame decoder, so an agreed extension's codec is
     * in place before. The encoder goes before the decoder, so that what the decoder writes is
     * encoded too.
     */
    void takeOver(ChannelPipeline p, Class<? extends ChannelHandler> httpCodec, boolean clientSide) {
        End end = clientSide ? client : upstream;
        p.addLast(end);
        WebSocketExtension extension = deflate == null ? null : deflate.agreed(clientSide);
        if (extension != null) {
            p.addBefore(p.context(end).name(), INFLATER, extension.newExtensionDecoder());
            p.addBefore(INFLATER, DEFLATER, extension.newExtensionEncoder());
            p.addBefore(p.context(end).name(), null, new DeflateContextReset(extension, DEFLATER));
        }
        p.replace(httpCodec, FRAME_DECODER, decoder(clientSide, extension != null));
        p.addBefore(FRAME_DECODER, null, new WebSocket13FrameEncoder(!clientSide));
        p.channel().config().setAutoRead(true);
    }

    /** The longest frame payload a side may send, and the most one frame may inflate to: the hold limit. */
    static int maxFrameBytes(ProxyConfig config) {
        return (int) Math.min(Integer.MAX_VALUE - 16, config.maxHeldBodyBytes());
    }

    /**
     * Reads the frames of one side: the client's must be masked, the upstream's must not (RFC 6455
     * §5.1); the reserved bit an agreed extension uses is allowed.
     */
    private WebSocket13FrameDecoder decoder(boolean clientSide, boolean extension) {
        return new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(clientSide)
                .allowExtensions(extension)
                .maxFramePayloadLength(maxFrameBytes(config))
                .closeOnProtocolViolation(false) // the tunnel answers: see End.exceptionCaught
                .withUTF8Validator(false)
                .build());
    }

    private MessageFilter nextFilter(boolean fromClient) {
        return filter == null ? null : filter.webSocketMessage(fromClient);
    }

    /** Closes both sides with a close frame: a block, a filter failure, a limit, the idle timeout. */
    private void stop(WebSocketCloseStatus status, String reason) {
        if (closed) {
            return;
        }
        client.sendCloseAndClose(status, reason);
        upstream.sendCloseAndClose(status, reason);
        end();
    }

    /** One side broke the protocol (a frame too long, unmasked, reserved bits): it gets the codec's status, the other 1001. */
    private void violated(End by, WebSocketCloseStatus status, String reason) {
        if (closed) {
            return;
        }
        by.sendCloseAndClose(status, reason);
        by.peer().sendCloseAndClose(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                by == client ? "client broke the protocol" : "upstream broke the protocol");
        end();
    }

    /** One side's connection ended (or broke): the other closes once its writes have left. */
    private void sideClosed(End gone) {
        if (closed) {
            return;
        }
        End other = gone.peer();
        if (gone.closeReceived) {
            other.closeAfterWrites();
        } else {
            other.sendCloseAndClose(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                    gone == client ? "client went away" : "upstream went away");
        }
        gone.ctx.close();
        end();
    }

    private void end() {
        closed = true;
        client.relay.discard();
        upstream.relay.discard();
        if (filter != null) {
            try {
                filter.onComplete(ExchangeOutcome.WEBSOCKET_CLOSED);
            } catch (RuntimeException e) {
                // The filter's bookkeeping must not disturb the connections.
            }
        }
    }

    /** One side of the tunnel: reads its frames into its relay, writes the other side's. */
    final class End extends ChannelInboundHandlerAdapter implements WebSocketMessageRelay.Output {
        private final boolean clientSide;
        final WebSocketMessageRelay relay;
        ChannelHandlerContext ctx;
        /** This side sent a close frame (it was passed on). */
        boolean closeReceived;

        End(boolean clientSide) {
            this.clientSide = clientSide;
            this.relay = new WebSocketMessageRelay(clientSide, WebSocketTunnel.this::nextFilter, config, alloc, this);
        }

        private End peer() {
            return clientSide ? upstream : client;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame) || closed) {
                // The HTTP decoder's end marker of the 101 (or of the upgrade request) ends here.
                ReferenceCountUtil.release(msg);
                return;
            }
            if (frame.rsv() != 0) {
                // A reserved bit no agreed extension took (an inflated frame has its bit cleared).
                frame.release();
                violated(this, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bit set");
                return;
            }
            if (frame instanceof CloseWebSocketFrame) {
                closeReceived = true;
            }
            relay.onFrame(frame);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            End p = peer();
            if (p.ctx != null) {
                p.ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            End p = peer();
            if (p.ctx != null && !closed) {
                p.ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            sideClosed(this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof CorruptedWebSocketFrameException violation) {
                // The codec now drops what this side sends; its status says why (1002, 1007, 1009).
                violated(this, violation.closeStatus(), violation.closeStatus().reasonText());
                return;
            }
            if (cause instanceof DecompressionException inflate) {
                // permessage-deflate: the JDK's inflater refused the data, or one frame inflated past the limit.
                if (inflate.getCause() instanceof DataFormatException) {
                    violated(this, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "corrupt deflate data");
                } else {
                    violated(this, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message inflates past the limit");
                }
                return;
            }
            sideClosed(this); // an I/O error
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                stop(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle timeout");
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        // ---------------------------------------------------------------- Output (frames read here)

        @Override
        public void frame(WebSocketFrame frame) {
            End p = peer();
            p.ctx.write(frame, p.ctx.voidPromise());
            if (!p.ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void stop(WebSocketCloseStatus status, String reason) {
            WebSocketTunnel.this.stop(status, reason);
        }

        /**
         * Sends a close frame, then waits for this side to answer it and close, a moment at most.
         * Closing at once would reset the connection when bytes of this side are still unread (a
         * long frame cut short), and a reset can destroy the close frame before it is read.
         */
        void sendCloseAndClose(WebSocketCloseStatus status, String reason) {
            if (!ctx.channel().isActive()) {
                return;
            }
            ctx.channel().config().setAutoRead(true); // read (and drop) until the answer
            ctx.writeAndFlush(new CloseWebSocketFrame(status, fitReason(reason))).addListener(f ->
                    ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS));
        }

        void closeAfterWrites() {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The proxy's reasons are ASCII (an event id at most), so characters are bytes. */
    private static String fitReason(String reason) {
        return reason.length() <= MAX_CLOSE_REASON_BYTES ? reason : reason.substring(0, MAX_CLOSE_REASON_BYTES);
    }
}
