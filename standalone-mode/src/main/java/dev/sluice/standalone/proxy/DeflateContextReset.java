package dev.sluice.standalone.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;

/**
 * Sits in front of a side's {@code permessage-deflate} encoder and gives it a fresh compressor
 * after a message whose final frame is an empty continuation. Netty's encoder (4.2) writes such a
 * frame as the empty deflate block without passing it through its compressor, so it never reaches
 * the point where it drops the window at a message's end: the next message would then refer to
 * this one, which a peer that agreed no context takeover ({@code server_no_context_takeover},
 * which the proxy itself answers to every client) cannot inflate. A client or upstream may end a
 * message so, and the proxy passes its frames on as they come. A fresh compressor is always
 * valid, with or without context takeover agreed.
 */
final class DeflateContextReset extends ChannelOutboundHandlerAdapter {
    private final WebSocketExtension extension;
    private final String encoderName;

    DeflateContextReset(WebSocketExtension extension, String encoderName) {
        this.extension = extension;
        this.encoderName = encoderName;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean emptyEnd = msg instanceof ContinuationWebSocketFrame f && f.isFinalFragment()
                && !f.content().isReadable();
        ctx.write(msg, promise);
        if (emptyEnd && ctx.pipeline().get(encoderName) != null) {
            ctx.pipeline().replace(encoderName, encoderName, extension.newExtensionEncoder());
        }
    }
}
