package dev.sluice.standalone.spoe;

import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The listener of {@code sluice spoe}: a Netty server whose connections each run an idle check,
 * a frame decoder that cuts SPOP's 4-byte length prefix (refusing a frame over the maximum before
 * reading it) and a {@link SpopConnection}.
 */
final class SpoeServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private SpoeServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    static SpoeServer start(HostPort listen, SpoeSettings settings, SpoeCheck check) throws IOException {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(settings.threads(), "sluice-spoe");
        try {
            Channel ch = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(
                                    new IdleStateHandler(0, 0, settings.idleTimeout().toNanos(), TimeUnit.NANOSECONDS),
                                    new LengthFieldBasedFrameDecoder(settings.maxFrameSize() + 4, 0, 4, 0, 4),
                                    new SpopConnection(check, settings));
                        }
                    })
                    .bind(new InetSocketAddress(listen.host(), listen.port())).syncUninterruptibly().channel();
            return new SpoeServer(group, ch);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening, gives connections in flight up to 5 seconds, then closes them. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
