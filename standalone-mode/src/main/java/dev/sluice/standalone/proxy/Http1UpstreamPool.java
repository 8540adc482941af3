package dev.sluice.standalone.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 upstream connections of one I/O thread: idle ones are kept (most recently used
 * first, at most the pool size) and leased one exchange at a time. Each connection's pipeline is
 * {@code [SslHandler →] IdleStateHandler → HttpClientCodec → Http1UpstreamConnection}; a connection
 * is leased once connected and, to an https upstream, once its TLS handshake is done.
 */
final class Http1UpstreamPool {
    private final EventLoop loop;
    /**
     * The kernel receive buffer of an upstream connection. Left to autotuning, Linux grows it
     * up to {@code net.ipv4.tcp_rmem}'s maximum (32 MiB on some hosts) while a body flows fast,
     * and all of that then sits in the proxy's kernel memory behind a client that stopped
     * reading: HTTP/1.1 has no flow control but TCP's, so this is the bound on what one
     * exchange holds there. 1 MiB (2 MiB as the kernel counts) still covers the bandwidth-delay
     * product of a 10 Gbit/s link at 1 ms; h2c upstreams are bounded by HTTP/2 flow control.
     */
    static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final int maxIdle;
    private final ArrayDeque<Http1UpstreamConnection> idle = new ArrayDeque<>();
    private boolean closed;

    Http1UpstreamPool(EventLoop loop, Transport transport, ProxyConfig config, InetSocketAddress address,
                      AddressResolverGroup<?> resolver) {
        this.loop = loop;
        this.address = address;
        this.maxIdle = config.upstreamPoolSize();
        this.bootstrap = new Bootstrap().group(loop).channel(transport.clientChannel()).resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (config.upstreamTls() != null) {
                            ch.pipeline().addLast(config.upstreamTls().newHandler(ch.alloc(), false,
                                    address.getHostString(), address.getPort(), config.connectTimeout()));
                        }
                        ch.pipeline().addLast(
                                new IdleStateHandler(0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS),
                                new HttpClientCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(config.maxInitialLineBytes())
                                        .setMaxHeaderSize(config.maxHeaderBytes())
                                        .setMaxChunkSize(64 * 1024), false, false),
                                new Http1UpstreamConnection(Http1UpstreamPool.this));
                    }
                });
    }

    /**
     * An idle connection if one is alive and {@code fresh} is false, else a new one; fails when
     * connecting fails or times out.
     */
    Future<Upstream> acquire(UpstreamListener listener, boolean fresh) {
        Http1UpstreamConnection c;
        while (!fresh && (c = idle.pollLast()) != null) {
            if (c.isActive()) {
                c.bind(listener, true);
                return loop.newSucceededFuture(c);
            }
        }
        Promise<Upstream> lease = loop.newPromise();
        ChannelFuture connect = bootstrap.connect(address);
        UpstreamTls.ready(connect).addListener(f -> {
            if (!f.isSuccess()) {
                lease.tryFailure(f.cause());
                return;
            }
            Http1UpstreamConnection conn = connect.channel().pipeline().get(Http1UpstreamConnection.class);
            conn.bind(listener, false);
            if (!lease.trySuccess(conn)) {
                conn.abort();
            }
        });
        return lease;
    }

    /** Takes back a connection whose last exchange ended cleanly. */
    void offer(Http1UpstreamConnection c) {
        if (closed || idle.size() >= maxIdle) {
            c.close();
        } else {
            idle.addLast(c);
        }
    }

    void remove(Http1UpstreamConnection c) {
        idle.remove(c);
    }

    void close() {
        closed = true;
        Http1UpstreamConnection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
