package dev.sluice.standalone.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an h2c upstream stream channel (after
 * {@code Http2StreamFrameToHttpObjectCodec}), and the {@link Upstream} of its exchange. A
 * response whose HEADERS frame ends the stream (gRPC Trailers-Only) arrives as a
 * {@link FullHttpResponse} and is passed on as a head and an empty last part, which the
 * exchange joins again. An RST_STREAM from the upstream, or the stream closing early, fails the
 * exchange. A stream the upstream says it did not process (RST_STREAM with REFUSED_STREAM, or a
 * GOAWAY below this stream's id: RFC 9113 §8.7) reports {@link #closedUnanswered()}, so the
 * exchange may send its request again.
 */
final class H2cUpstreamStream extends UpstreamEndpoint {
    private boolean responseComplete;
    private boolean answered;
    private boolean refused;

    H2cUpstreamStream(UpstreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listener == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        answered = true;
        if (msg instanceof HttpResponse response) {
            if (response.status().code() < 200) {
                ReferenceCountUtil.release(msg);
                return;
            }
            listener.onResponseHead(response);
            if (msg instanceof FullHttpResponse full) {
                deliver(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            deliver(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void deliver(HttpContent content) {
        if (content instanceof LastHttpContent) {
            responseComplete = true;
        }
        UpstreamListener l = listener;
        if (l == null) {
            content.release();
            return;
        }
        l.onResponseContent(content);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2GoAwayFrame) {
            // Sent to the streams above the GOAWAY's last stream id only; the stream closes next.
            refused = true;
        } else if (evt instanceof Http2ResetFrame reset) {
            refused = reset.errorCode() == Http2Error.REFUSED_STREAM.code();
            failed();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failed();
    }

    private void failed() {
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.onUpstreamClosed();
        }
    }

    // ---------------------------------------------------------------- Upstream

    @Override
    public void release() {
        listener = null;
        if (!(requestComplete && responseComplete)) {
            ctx.close();
        }
    }

    @Override
    public boolean closedUnanswered() {
        return refused && !answered;
    }

    @Override
    public void abort() {
        listener = null;
        // Closing an open stream channel sends RST_STREAM(CANCEL).
        ctx.close();
    }
}
