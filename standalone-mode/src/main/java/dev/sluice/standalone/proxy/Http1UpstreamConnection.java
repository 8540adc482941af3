package dev.sluice.standalone.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a pooled HTTP/1.1 upstream connection (after {@code HttpClientCodec}), and
 * the {@link Upstream} of the exchange that leases it. Interim 1xx responses are dropped (the
 * proxy answers {@code Expect: 100-continue} itself), except a 101, which only a WebSocket
 * upgrade asks for and which makes the connection a {@link WebSocketTunnel}'s. The connection
 * goes back to its pool only when both messages were whole and neither side asked to close
 * (RFC 9112 §9.3); idle in the pool, it closes after the idle timeout or on any unexpected byte.
 */
final class Http1UpstreamConnection extends UpstreamEndpoint {
    private final Http1UpstreamPool pool;
    private boolean skippingInterim;
    private boolean responseComplete;
    private boolean keepAlive;
    private boolean reused;
    private boolean answered;

    Http1UpstreamConnection(Http1UpstreamPool pool) {
        this.pool = pool;
    }

    /** Leases the connection to an exchange; {@code reused} when it served an exchange before. */
    void bind(UpstreamListener listener, boolean reused) {
        this.listener = listener;
        this.reused = reused;
        this.answered = false;
        this.skippingInterim = false;
        this.requestComplete = false;
        this.responseComplete = false;
        this.keepAlive = true;
    }

    boolean isActive() {
        return ctx != null && ctx.channel().isActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listener == null) {
            // Nothing is owed on an idle connection: bytes here mean it cannot be trusted any more.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        boolean first = !answered;
        answered = true;
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            if (response.decoderResult().isFailure()) {
                // On a reused connection, a first answer that does not parse may begin with what
                // the last response left unread (an upstream that wrote past its framing: the
                // codec kept a partial line, which no idle read reported): the request goes out
                // again on a new connection, as when a reused connection closes unanswered.
                answered = !(reused && first);
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (code == 101) {
                // Only the exchange knows whether it asked to switch: it takes the connection
                // over (switchToWebSocket) or aborts it.
                listener.onResponseHead(response);
                return;
            }
            if (code < 200) {
                skippingInterim = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(response);
            listener.onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        }
    }

    private void onContent(HttpContent content) {
        if (skippingInterim) {
            skippingInterim = !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            ctx.close();
            return;
        }
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
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.remove(this);
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.onUpstreamClosed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && listener == null) {
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- Upstream

    @Override
    public void release() {
        listener = null;
        setAutoRead(true);
        if (keepAlive && requestComplete && responseComplete && ctx.channel().isActive()) {
            pool.offer(this);
        } else {
            ctx.close();
        }
    }

    @Override
    public boolean closedUnanswered() {
        return reused && !answered && !ctx.channel().isActive();
    }

    @Override
    public void abort() {
        listener = null;
        Resets.closeWithReset(ctx.channel());
    }

    @Override
    public void switchToWebSocket(WebSocketTunnel tunnel) {
        listener = null;
        ChannelPipeline p = ctx.pipeline();
        p.remove(this);
        tunnel.takeOver(p, HttpClientCodec.class, false);
    }

    void close() {
        ctx.close();
    }
}
