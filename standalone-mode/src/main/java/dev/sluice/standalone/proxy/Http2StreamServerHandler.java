package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.HttpProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The last handler of a client's HTTP/2 stream channel (after
 * {@code Http2StreamFrameToHttpObjectCodec}): one stream is one exchange, and this is its
 * {@link Downstream}. Flow control comes from the stream channel: with reading paused the proxy
 * stops granting window to the client (RFC 9113 §5.2), and writability follows the client's
 * window.
 */
final class Http2StreamServerHandler extends DownstreamEndpoint {
    private final ProxyContext proxy;
    private Exchange exchange;
    private boolean done;
    private boolean resetSent;

    Http2StreamServerHandler(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && exchange == null) {
            exchange = new Exchange(proxy, this);
            exchange.onRequestHead(request);
        }
        if (msg instanceof HttpContent content) {
            if (exchange == null) {
                content.release();
                return;
            }
            exchange.onRequestContent(content);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onRequestReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onDownstreamWritabilityChanged();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame) {
            // The client cancelled the stream.
            closed();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed();
    }

    private void closed() {
        if (exchange != null && !done) {
            done = true;
            exchange.onDownstreamClosed();
        }
        done = true;
    }

    // ---------------------------------------------------------------- Downstream

    @Override
    public HttpProtocol protocol() {
        return HttpProtocol.HTTP_2;
    }

    @Override
    public InetSocketAddress peer() {
        Channel parent = ctx.channel().parent();
        return (InetSocketAddress) (parent == null ? ctx.channel() : parent).remoteAddress();
    }

    @Override
    public void writeContinue() {
        ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }

    @Override
    public void reset() {
        done = true;
        resetSent = true;
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
        ctx.close();
    }

    @Override
    public void exchangeDone(boolean keepAlive) {
        done = true;
        if (!keepAlive && !resetSent) {
            resetSent = true;
            // The response is complete but the request is not: ask the client to stop sending
            // (RFC 9113 §8.1, RST_STREAM with NO_ERROR after a complete response).
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
            ctx.close();
        }
    }
}
