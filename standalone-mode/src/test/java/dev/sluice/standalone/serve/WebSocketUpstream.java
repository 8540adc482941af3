package dev.sluice.standalone.serve;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A WebSocket server on a loopback port (Netty's RFC 6455 server handlers; no extension, or
 * {@code permessage-deflate} when made {@link #compressing()}, with Netty's own handshake): at
 * {@code /ws} it greets each connection with {@value #GREETING} as soon as the handshake is done,
 * answers the text {@code cards} with {@value #CARDS} and {@code stream} with the messages of
 * {@link #STREAMED}, a realtime API's answer streamed a few bytes per message, closes the connection without a close
 * frame on {@code drop}, and echoes any other message (text or binary) after recording it. Every
 * other request gets 404.
 */
final class WebSocketUpstream implements AutoCloseable {
    static final String GREETING = "{\"hello\":\"there\"}";
    static final String CARDS = "{\"name\":\"Alice\",\"card\":\"4111111111111111\"}";
    /** The pieces of an answer holding a card, each sent as an OpenAI Realtime text delta event. */
    static final java.util.List<String> STREAMED = java.util.List.of("Your card is 4111", " 1111 ", "1111 11",
            "11, thanks");

    /** {@code delta} as an OpenAI Realtime text delta event. */
    static String realtimeDelta(String delta) {
        return "{\"type\":\"response.text.delta\",\"event_id\":\"event_1\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + delta + "\"}";
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    /** The messages that reached the upstream, in order (binary ones as ISO-8859-1 text). */
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** Each upgrade request's {@code Sec-WebSocket-Extensions}, "" for none. */
    final BlockingQueue<String> extensionOffers = new LinkedBlockingQueue<>();

    WebSocketUpstream() throws InterruptedException {
        this(false);
    }

    private WebSocketUpstream(boolean deflate) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new OfferRecorder());
                        if (deflate) {
                            ch.pipeline().addLast(new WebSocketServerCompressionHandler(0));
                        }
                        ch.pipeline().addLast(
                                // No close frame of its own when the server closes: "drop" must drop.
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/ws").allowExtensions(deflate).maxFramePayloadLength(1 << 20)
                                        .sendCloseFrame(null).build()),
                                new WebSocketFrameAggregator(1 << 20), new Messages(), new NotFound());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** One that agrees {@code permessage-deflate} when offered it (Netty's defaults, context takeover). */
    static WebSocketUpstream compressing() throws InterruptedException {
        return new WebSocketUpstream(true);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Messages extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                ctx.writeAndFlush(new TextWebSocketFrame(GREETING));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                String s = text.text();
                if (s.equals("cards")) {
                    ctx.writeAndFlush(new TextWebSocketFrame(CARDS));
                    return;
                }
                if (s.equals("stream")) {
                    STREAMED.forEach(piece -> ctx.write(new TextWebSocketFrame(realtimeDelta(piece))));
                    ctx.flush();
                    return;
                }
                if (s.equals("drop")) {
                    ctx.close(); // gone without a close frame
                    return;
                }
                received.add(s);
                ctx.writeAndFlush(new TextWebSocketFrame(s));
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                received.add(binary.content().toString(StandardCharsets.ISO_8859_1));
                ctx.writeAndFlush(new BinaryWebSocketFrame(binary.content().retain()));
            }
        }
    }

    private final class OfferRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                String offer = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
                extensionOffers.add(offer == null ? "" : offer);
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static final class NotFound extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                    Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
