package dev.sluice.standalone.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 upstream connections of one I/O thread: h2c with prior knowledge (RFC 9113 §3.3), or h2
 * chosen by ALPN after the TLS handshake to an https upstream. Exchanges get
 * a new stream on the least loaded connection that still accepts streams (no GOAWAY, under the
 * upstream's SETTINGS_MAX_CONCURRENT_STREAMS); a new connection is opened only when none has
 * room, up to the pool's limit. Pipeline:
 * {@code [SslHandler →] IdleStateHandler → Http2FrameCodec → Http2MultiplexHandler → ConnectionWatcher}; each
 * stream: {@code Http2StreamFrameToHttpObjectCodec → H2cUpstreamStream}.
 */
final class H2cUpstreamPool {
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final int maxConnections;
    private final ProxyConfig config;
    private final List<Connection> connections = new ArrayList<>();
    private boolean closed;

    H2cUpstreamPool(EventLoop loop, Transport transport, ProxyConfig config, InetSocketAddress address,
                    AddressResolverGroup<?> resolver) {
        this.loop = loop;
        this.address = address;
        this.config = config;
        this.maxConnections = Math.max(1, config.upstreamPoolSize() / 10);
        this.bootstrap = new Bootstrap().group(loop).channel(transport.clientChannel()).resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
    }

    Future<Upstream> acquire(UpstreamListener listener) {
        Promise<Upstream> lease = loop.newPromise();
        if (closed) {
            lease.setFailure(new IllegalStateException("proxy closed"));
            return lease;
        }
        pick().openStream(listener, lease);
        return lease;
    }

    private Connection pick() {
        Connection best = null;
        for (Connection c : connections) {
            if (c.accepting() && (best == null || c.streams < best.streams)) {
                best = c;
            }
        }
        if (best != null && (best.hasRoom() || connections.size() >= maxConnections)) {
            return best;
        }
        Connection fresh = new Connection();
        connections.add(fresh);
        return fresh;
    }

    void close() {
        closed = true;
        for (Connection c : List.copyOf(connections)) {
            c.channel.close();
        }
    }

    /** One h2c connection and the count of streams leased on it. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final Channel channel;
        private final Future<Void> connected;
        private int streams;
        private boolean goingAway;

        Connection() {
            ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                            .initialSettings(Http2Settings.defaultSettings()
                                    .pushEnabled(false)
                                    .maxHeaderListSize(config.maxHeaderBytes()))
                            .validateHeaders(true)
                            .build();
                    if (config.upstreamTls() != null) {
                        ch.pipeline().addLast(config.upstreamTls().newHandler(ch.alloc(), true,
                                address.getHostString(), address.getPort(), config.connectTimeout()));
                    }
                    ch.pipeline().addLast(
                            new IdleStateHandler(0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS),
                            codec, new Http2MultiplexHandler(new RefusePushes()), Connection.this);
                }
            }).connect(address);
            channel = connect.channel();
            connected = UpstreamTls.ready(connect);
            channel.closeFuture().addListener(f -> connections.remove(this));
        }

        boolean accepting() {
            return !goingAway && (channel.isActive() || !connected.isDone());
        }

        boolean hasRoom() {
            if (!connected.isDone()) {
                return streams < 100;
            }
            Http2FrameCodec codec = channel.pipeline().get(Http2FrameCodec.class);
            return codec != null && streams < codec.connection().local().maxActiveStreams();
        }

        void openStream(UpstreamListener listener, Promise<Upstream> lease) {
            streams++;
            connected.addListener(f -> {
                if (!f.isSuccess()) {
                    streams--;
                    lease.tryFailure(f.cause());
                    return;
                }
                H2cUpstreamStream stream = new H2cUpstreamStream(listener);
                new Http2StreamChannelBootstrap(channel).handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), stream);
                    }
                }).open().addListener(sf -> {
                    if (!sf.isSuccess()) {
                        streams--;
                        lease.tryFailure(sf.cause());
                        return;
                    }
                    Http2StreamChannel ch = (Http2StreamChannel) sf.getNow();
                    ch.closeFuture().addListener(cf -> streams--);
                    if (!lease.trySuccess(stream)) {
                        ch.close();
                    }
                });
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2GoAwayFrame) {
                goingAway = true;
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && streams == 0) {
                ctx.close();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Server push is disabled in SETTINGS; a pushed stream that comes anyway is closed (RST_STREAM). */
    private static final class RefusePushes extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().close();
        }

        @Override
        public boolean isSharable() {
            return true;
        }
    }
}
