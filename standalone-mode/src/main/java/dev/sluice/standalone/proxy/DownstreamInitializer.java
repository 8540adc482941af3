package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.HttpProtocol;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the pipeline of an accepted client connection:
 * {@code IdleStateHandler → RequestHeadTimer → HttpServerCodec → Http1ServerHandler}, and when HTTP/2 is allowed,
 * h2c by prior knowledge (RFC 9113 §3.3) or by {@code Upgrade: h2c} (RFC 7540 §3.2):
 * {@code IdleStateHandler → Http2FrameCodec → Http2MultiplexHandler → Http1ServerHandler}, each
 * stream channel running {@code Http2StreamFrameToHttpObjectCodec → Http2StreamServerHandler}.
 * Connections over the configured maximum are closed as they are accepted.
 */
final class DownstreamInitializer extends ChannelInitializer<SocketChannel> {
    /** The largest upgrade request body (RFC 7540 §3.2: the server must read it whole before switching). */
    private static final int MAX_UPGRADE_BODY = 64 * 1024;

    private final ProxyContext proxy;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelHandler streamInitializer;

    DownstreamInitializer(ProxyContext proxy) {
        this.proxy = proxy;
        this.streamInitializer = new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                        new Http2StreamServerHandler(proxy));
            }
        };
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (open.incrementAndGet() > proxy.config.maxConnections()) {
            open.decrementAndGet();
            ch.close();
            return;
        }
        ch.closeFuture().addListener((ChannelFutureListener) f -> open.decrementAndGet());
        ProxyConfig config = proxy.config;
        ChannelPipeline p = ch.pipeline();
        p.addLast(new IdleStateHandler(0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        RequestHeadTimer headTimer = new RequestHeadTimer(config.requestHeadTimeout().toNanos());
        p.addLast(headTimer);
        HttpServerCodec codec = new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineBytes())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024));
        if (config.allowedHttpVersions().contains(HttpProtocol.HTTP_2)) {
            HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                    AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                            ? new Http2ServerUpgradeCodec(frameCodec(), multiplexer()) : null, MAX_UPGRADE_BODY);
            p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new PriorKnowledgeInstaller()));
        } else {
            p.addLast(codec);
        }
        p.addLast(new Http1ServerHandler(proxy, headTimer));
    }

    /** Connections open now. */
    int openConnections() {
        return open.get();
    }

    private Http2FrameCodec frameCodec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(proxy.config.maxConcurrentStreams())
                        .maxHeaderListSize(proxy.config.maxHeaderBytes()))
                .validateHeaders(true)
                .build();
    }

    private Http2MultiplexHandler multiplexer() {
        return new Http2MultiplexHandler(streamInitializer);
    }

    /**
     * Put in place of the h2c detector on a prior-knowledge connection: installs the HTTP/2
     * handlers at its own position (a ChannelInitializer would add them after the HTTP/1.1
     * handler) and leaves.
     */
    private final class PriorKnowledgeInstaller extends ChannelHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // The multiplexer looks for the frame codec when added, so the codec goes in first.
            Http2FrameCodec codec = frameCodec();
            ctx.pipeline().addAfter(ctx.name(), null, codec);
            ctx.pipeline().addAfter(ctx.pipeline().context(codec).name(), null, multiplexer());
            ctx.pipeline().remove(this);
        }
    }
}
