package dev.sluice.standalone.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The upstream side of a relay ({@link Http1UpstreamConnection}, {@link H2cUpstreamStream}):
 * writes the request and reports read batches and writability to the leasing exchange.
 */
abstract class UpstreamEndpoint extends RelayEndpoint implements Upstream {
    UpstreamListener listener;
    boolean requestComplete;

    @Override
    public void write(HttpObject message) {
        if (message instanceof LastHttpContent) {
            requestComplete = true;
        }
        ctx.write(message, ctx.voidPromise());
    }

    @Override
    public void setReadPaused(boolean paused) {
        setAutoRead(!paused);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onResponseReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
    }
}
