package dev.sluice.standalone.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * What the four ends of a relay share (client connection, client stream, upstream connection,
 * upstream stream): the handler context they write through, flushing, writability and reading
 * switched on and off. An I/O error closes the channel; the exchange learns of it by
 * {@code channelInactive}.
 */
abstract class RelayEndpoint extends ChannelInboundHandlerAdapter {
    ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    public void flush() {
        ctx.flush();
    }

    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    final void setAutoRead(boolean on) {
        ctx.channel().config().setAutoRead(on);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
