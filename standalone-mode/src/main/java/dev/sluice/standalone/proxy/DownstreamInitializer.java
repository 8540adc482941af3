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
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
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
 * With TLS on the listener, {@code IdleStateHandler → SslHandler → AlpnSwitch → Http1ServerHandler},
 * and once the handshake is done the switch puts in its place either the HTTP/2 handlers (ALPN
 * {@code h2}) or {@code RequestHeadTimer → HttpServerCodec} (anything else); there is no h2c
 * upgrade over TLS (RFC 9113 §3.2). The handshake must end within the request-head timeout.
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
        if (config.serverTls() != null) {
            SslHandler ssl = config.serverTls().context(http2Allowed()).newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(Math.max(1, config.requestHeadTimeout().toMillis()));
            p.addLast(ssl, new AlpnSwitch(headTimer));
        } else {
            p.addLast(headTimer);
            HttpServerCodec codec = http1Codec();
            if (http2Allowed()) {
                HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                                ? new Http2ServerUpgradeCodec(frameCodec(), multiplexer()) : null, MAX_UPGRADE_BODY);
                p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new PriorKnowledgeInstaller()));
            } else {
                p.addLast(codec);
            }
        }
        p.addLast(new Http1ServerHandler(proxy, headTimer));
    }

    /** Connections open now. */
    int openConnections() {
        return open.get();
    }

    private boolean http2Allowed() {
        return proxy.config.allowedHttpVersions().contains(HttpProtocol.HTTP_2);
    }

    private HttpServerCodec http1Codec() {
        ProxyConfig config = proxy.config;
        return new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineBytes())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024));
    }

    /** Puts the HTTP/2 connection handlers right after {@code ctx}'s handler. */
    private void installHttp2(ChannelHandlerContext ctx) {
        // The multiplexer looks for the frame codec when added, so the codec goes in first.
        Http2FrameCodec codec = frameCodec();
        ctx.pipeline().addAfter(ctx.name(), null, codec);
        ctx.pipeline().addAfter(ctx.pipeline().context(codec).name(), null, multiplexer());
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
            installHttp2(ctx);
            ctx.pipeline().remove(this);
        }
    }

    /**
     * Sent to {@link Http1ServerHandler} when ALPN chose HTTP/2: the connection carries no
     * HTTP/1.1 heads to time and is idle only when no stream is open.
     */
    enum AlpnChoseHttp2 { INSTANCE }

    /**
     * Holds the client's first bytes until the TLS handshake is done, records what it established
     * ({@link TlsPeer}), then installs the protocol ALPN chose at its own position and leaves. A
     * failed handshake (a scanner, plain HTTP sent to the TLS port, an untrusted client
     * certificate) closes the connection and is counted, not logged: it says nothing about Sluice.
     */
    private final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {
        private final RequestHeadTimer headTimer;

        AlpnSwitch(RequestHeadTimer headTimer) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.headTimer = headTimer;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            TlsPeer.record(ctx.channel(), ctx.pipeline().get(SslHandler.class));
            if (ApplicationProtocolNames.HTTP_2.equals(protocol) && http2Allowed()) {
                installHttp2(ctx);
                ctx.fireUserEventTriggered(AlpnChoseHttp2.INSTANCE);
            } else {
                // The head clock starts now: the handshake had its own limit.
                ctx.pipeline().addAfter(ctx.name(), null, http1Codec());
                ctx.pipeline().addAfter(ctx.name(), null, headTimer);
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            proxy.tlsHandshakeFailed();
            ctx.close();
        }
    }
}
