package dev.sluice.standalone.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time an HTTP/1.1 client takes to send a request head (slowloris: header fields
 * trickling in a byte at a time keep a connection from ever being idle). It sits before the HTTP
 * codec so that it sees every socket read, even one the decoder turns into nothing; the handler
 * after the codec says when a head was decoded ({@link #headReceived}) and when the next one is due
 * ({@link #awaitHead}). The clock starts when the connection opens and, for later requests, at the
 * first read after the previous request ended (a kept-alive connection waiting for its next request
 * is the idle timeout's business). On expiry it sends {@link Expired} down the pipeline, where
 * {@link Http1ServerHandler} answers 408 and closes.
 */
final class RequestHeadTimer extends ChannelInboundHandlerAdapter {
    /** The user event sent when a head took too long. */
    enum Expired { INSTANCE }

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean awaiting = true;
    private boolean stopped;

    RequestHeadTimer(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Added after a TLS handshake, when the connection is long open: the clock starts now.
        if (ctx.channel().isActive()) {
            arm();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaiting) {
            arm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    /** A request head was decoded (valid or not): its clock stops. */
    void headReceived() {
        awaiting = false;
        cancel();
    }

    /** The request was read whole: the next bytes begin the next head. */
    void awaitHead() {
        awaiting = true;
    }

    /** The connection left HTTP/1.1 (h2c): no more heads to time. */
    void stop() {
        stopped = true;
        cancel();
    }

    private void arm() {
        if (timer == null && !stopped) {
            timer = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire() {
        timer = null;
        if (awaiting && !stopped && ctx.channel().isActive()) {
            ctx.fireUserEventTriggered(Expired.INSTANCE);
        }
    }
}
