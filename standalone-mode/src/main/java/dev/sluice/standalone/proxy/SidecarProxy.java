package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.ExchangeFilterFactory;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar reverse proxy: accepts HTTP/1.1 and h2c clients, relays each exchange to one
 * upstream through the filter that {@link ExchangeFilterFactory} makes for it, streaming bodies
 * both ways with backpressure. See {@code standalone-mode/PROXY.md} for its behaviour.
 *
 * <pre>{@code
 * try (SidecarProxy proxy = SidecarProxy.start(ProxyConfig.builder()
 *         .upstream("http://127.0.0.1:3000").build(), PassThroughFilter.INSTANCE)) {
 *     ... proxy.port() ...
 * }
 * }</pre>
 */
public final class SidecarProxy implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    private final Map<EventExecutor, UpstreamConnector> connectors;
    private final DownstreamInitializer initializer;
    private final ProxyContext context;
    private final AddressResolverGroup<InetSocketAddress> resolver;

    private SidecarProxy(EventLoopGroup group, Channel server, ProxyContext context,
                         DownstreamInitializer initializer, AddressResolverGroup<InetSocketAddress> resolver) {
        this.group = group;
        this.server = server;
        this.connectors = context.connectorsView();
        this.context = context;
        this.initializer = initializer;
        this.resolver = resolver;
    }

    /**
     * Binds the listener and starts serving; returns once the port is bound.
     *
     * @throws IllegalStateException if the address cannot be bound (the cause says why)
     */
    public static SidecarProxy start(ProxyConfig config, ExchangeFilterFactory filters) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(filters, "filters");
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(config.ioThreads(), "sluice-proxy");
        InetSocketAddress upstream = InetSocketAddress.createUnresolved(config.upstream().getHost()
                .replace("[", "").replace("]", ""), config.upstream().getPort());
        AddressResolverGroup<InetSocketAddress> resolver = OffloadedNameResolver.group(config.connectTimeout());
        Map<EventExecutor, UpstreamConnector> connectors = new HashMap<>();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            connectors.put(loop, new UpstreamConnector(
                    new Http1UpstreamPool(loop, transport, config, upstream, resolver),
                    new H2cUpstreamPool(loop, transport, config, upstream, resolver)));
        }
        ProxyContext context = new ProxyContext(config, filters, Map.copyOf(connectors));
        DownstreamInitializer initializer = new DownstreamInitializer(context);
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client's half-close must not drop the answer to the request it just sent.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(initializer)
                .bind(config.listenHost(), config.listenPort())
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            resolver.close();
            throw new IllegalStateException("cannot listen on " + config.listenHost() + ":" + config.listenPort(),
                    bind.cause());
        }
        return new SidecarProxy(group, bind.channel(), context, initializer, resolver);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Client connections open now. */
    public int openConnections() {
        return initializer.openConnections();
    }

    /**
     * Requests sent a second time, on a new upstream connection, because the pooled one they
     * went out on closed without answering (see {@code RequestReplay}).
     */
    public long upstreamRetries() {
        return context.upstreamRetries();
    }

    /**
     * Range requests answered with the whole representation: the upstream's partial response (206)
     * would have been inspected, so the request went again without {@code Range}.
     */
    public long rangesWidened() {
        return context.rangesWidened();
    }

    /**
     * Exchanges that ended with {@code outcome}: answered whole, blocked, refused by the proxy's
     * own restrictions (a malformed or slow request head included), failed upstream, ...
     */
    public long exchanges(ExchangeOutcome outcome) {
        return context.endedCount(outcome);
    }

    /** Connections switched to WebSocket tunnels (the upstream accepted the upgrade). */
    public long webSocketsOpened() {
        return context.webSocketsOpened();
    }

    /**
     * Client connections closed because their TLS handshake failed or did not end in time
     * (always 0 without TLS on the listener).
     */
    public long tlsHandshakeFailures() {
        return context.tlsHandshakeFailures();
    }

    /** Stops accepting, closes pooled upstream connections and every open connection, and waits for the I/O threads. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        connectors.forEach((loop, connector) -> loop.execute(connector::close));
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        resolver.close();
    }
}
