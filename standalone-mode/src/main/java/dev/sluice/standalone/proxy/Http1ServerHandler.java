package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of a client connection's HTTP/1.1 pipeline (after {@code HttpServerCodec}):
 * runs its exchanges one after another and is their {@link Downstream}.
 *
 * <p>Pipelining (RFC 9112 §9.3.2): requests that arrive while an exchange is still answering
 * are queued, and reading pauses, so at most one socket read's worth is queued; they are answered
 * in order. Keep-alive: the connection stays open unless the client asked to close, spoke
 * HTTP/1.0 without keep-alive, or an exchange ended without reading its request whole. An idle
 * connection (no exchange) closes after the idle timeout. A client that shuts its sending side
 * (half-close) still gets the answers to the requests it sent; the connection closes after them.
 * After an h2c upgrade this handler stays only to close the connection when it is idle with no
 * open stream. After a WebSocket upgrade it leaves the pipeline to a {@link WebSocketTunnel}.
 */
final class Http1ServerHandler extends DownstreamEndpoint {
    private static final int PAUSE_PIPELINED = 4;
    private static final int EXCHANGE_PAUSES = PAUSE_WAITING_UPSTREAM | PAUSE_UPSTREAM_BUSY;
    /** How long a client refused part way through its body may go on sending before the connection closes. */
    private static final long LINGER_MILLIS = 2_000;

    private final ProxyContext proxy;
    private final RequestHeadTimer headTimer;
    private final ArrayDeque<HttpObject> queued = new ArrayDeque<>();
    private Exchange current;
    private boolean currentRequestEnded;
    private HttpVersion requestVersion = HttpVersion.HTTP_1_1;
    private boolean clientKeepAlive;
    private boolean closeAfterResponse;
    private boolean closing;
    private boolean dispatching;
    private boolean upgraded;
    /** The client shut its side of the connection: no request comes after those already read. */
    private boolean inputShut;
    /** The output is shut and what the client still sends is dropped until it closes (lingerThenClose). */
    private boolean lingering;
    /** The last request read so far has not ended (its body is still coming). */
    private boolean requestOpen;

    Http1ServerHandler(ProxyContext proxy, RequestHeadTimer headTimer) {
        this.proxy = proxy;
        this.headTimer = headTimer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest) {
            headTimer.headReceived();
            requestOpen = true;
        }
        if (msg instanceof LastHttpContent) {
            headTimer.awaitHead();
            requestOpen = false;
        }
        if (!queued.isEmpty() || (current != null && currentRequestEnded)) {
            queued.add(http);
            pause(PAUSE_PIPELINED);
            return;
        }
        dispatch(http);
    }

    private void dispatch(HttpObject msg) {
        if (msg instanceof HttpRequest request) {
            startExchange(request);
        }
        if (msg instanceof HttpContent content) {
            if (current == null) {
                content.release();
                return;
            }
            if (content instanceof LastHttpContent) {
                currentRequestEnded = true;
            }
            if (content.decoderResult().isFailure()) {
                // The body's framing broke (a bad chunk size): the bytes after it cannot be trusted
                // to start a request, so the exchange's answer is the connection's last.
                clientKeepAlive = false;
                closeAfterResponse = true;
            }
            current.onRequestContent(content);
        }
    }

    private void startExchange(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuseBadRequest(request.decoderResult().cause());
            return;
        }
        if (request.protocolVersion().majorVersion() != 1) {
            // "HTTP/2.0" in a request line (a mangled h2c preface, say) is no HTTP/1.x request.
            refuseAndClose(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED);
            return;
        }
        requestVersion = request.protocolVersion();
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        closeAfterResponse = false;
        currentRequestEnded = false;
        current = new Exchange(proxy, this);
        current.onRequestHead(request);
    }

    /** A request that could not be parsed: answer once and close (the rest of the stream cannot be trusted). */
    private void refuseBadRequest(Throwable cause) {
        refuseAndClose(cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST);
    }

    private void refuseAndClose(HttpResponseStatus status) {
        proxy.ended(ExchangeOutcome.REFUSED);
        FullHttpResponse r = LocalResponses.error(ctx.alloc(), status, LocalResponses.codeFor(status), null);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closing = true;
        releaseQueued();
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null) {
            current.onRequestReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.onDownstreamWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // On an h2c connection the frame codec shows its protocol errors here first, then answers
        // them itself (GOAWAY with the error's code, then close): closing now would send
        // GOAWAY(NO_ERROR) instead and hide the reason from the client.
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseQueued();
        Exchange e = current;
        current = null;
        if (e != null) {
            e.onDownstreamClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof RequestHeadTimer.Expired) {
            onHeadTimeout();
            return;
        }
        if (evt instanceof IdleStateEvent) {
            if (current == null && !hasOpenStreams()) {
                ctx.close();
            }
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            onInputShutdown();
            return;
        }
        if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent
                || evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent
                || evt == DownstreamInitializer.AlpnChoseHttp2.INSTANCE) {
            upgraded = true;
            headTimer.stop();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * A request head did not arrive whole in time. With no exchange running the client gets 408
     * (RFC 9110 §15.5.9) and the connection closes; a head trickling in behind a running exchange
     * (pipelined) ends the connection after that exchange's response.
     */
    private void onHeadTimeout() {
        if (closing) {
            return;
        }
        if (current == null) {
            refuseAndClose(HttpResponseStatus.REQUEST_TIMEOUT);
        } else {
            closeAfterResponse = true;
        }
    }

    /**
     * The client half-closed after its request ({@code printf … | nc -N}, scripted health checks):
     * RFC 9112 §9.6 lets it still expect the answer, so the requests read so far are answered and
     * the connection closes after the last one. With nothing to answer it closes now. (The codec
     * does not end a request cut short by the shutdown: that one is dropped, or, when it is in
     * flight, aborted with the connection as before.)
     */
    private void onInputShutdown() {
        inputShut = true;
        if (lingering) {
            ctx.close(); // the client has read its answer and closed its side
            return;
        }
        // HTTP/2 has no half-closed connection: a client that can send no more frames cannot
        // acknowledge settings or open flow-control windows, so its streams could only stall. A
        // request in flight that can never end is aborted as if the client had gone.
        boolean abort = upgraded || requestOpen && !dropOpenQueuedRequest();
        if ((abort || current == null && queued.isEmpty()) && !closing) {
            closing = true;
            ctx.close();
        }
    }

    /** Drops the queued request that will never end, if the open request is a queued one. */
    private boolean dropOpenQueuedRequest() {
        if (queued.stream().noneMatch(m -> m instanceof HttpRequest)) {
            return false;
        }
        HttpObject m;
        do {
            m = queued.pollLast();
            ReferenceCountUtil.release(m);
        } while (!(m instanceof HttpRequest));
        requestOpen = false;
        return true;
    }

    private boolean hasOpenStreams() {
        if (!upgraded) {
            return false;
        }
        Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
        return codec != null && codec.connection().numActiveStreams() > 0;
    }

    // ---------------------------------------------------------------- Downstream

    @Override
    public HttpProtocol protocol() {
        return requestVersion.minorVersion() == 0 ? HttpProtocol.HTTP_1_0 : HttpProtocol.HTTP_1_1;
    }

    @Override
    public InetSocketAddress peer() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public void writeContinue() {
        ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }

    @Override
    public void writeHead(HttpResponse head, boolean lastOnConnection) {
        boolean close = lastOnConnection || !clientKeepAlive;
        if (requestVersion.minorVersion() == 0 && HttpUtil.isTransferEncodingChunked(head)) {
            // HTTP/1.0 has no chunked coding (RFC 9112 §6.1): the body ends when the connection does.
            head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            close = true;
        }
        if (close) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (requestVersion.minorVersion() == 0) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        closeAfterResponse |= close;
        ctx.write(head);
    }

    @Override
    boolean mayRead() {
        // After a half-close there is nothing left to read, and Netty's epoll transport fails a
        // read asked for then (the socket is no longer registered for input).
        return !closing && !inputShut;
    }

    @Override
    public void reset() {
        closing = true;
        releaseQueued();
        Resets.closeWithReset(ctx.channel());
    }

    @Override
    public void exchangeDone(boolean keepAlive) {
        current = null;
        if (closing) {
            return;
        }
        if (!keepAlive || closeAfterResponse) {
            closeAfterWrites();
            return;
        }
        resume(EXCHANGE_PAUSES);
        drainQueue();
        if (inputShut && current == null && queued.isEmpty() && !closing) {
            closeAfterWrites(); // the half-closed client's last answer has gone out
        }
    }

    @Override
    public boolean switchToWebSocket(FullHttpResponse head, WebSocketTunnel tunnel) {
        if (closing) {
            head.release();
            return false;
        }
        current = null;
        releaseQueued(); // a client may send nothing after an upgrade request until the 101
        headTimer.stop();
        ctx.write(head, ctx.voidPromise());
        ChannelPipeline p = ctx.pipeline();
        if (p.get(HttpServerUpgradeHandler.class) != null) {
            p.remove(HttpServerUpgradeHandler.class);
        }
        p.remove(headTimer);
        p.remove(this);
        tunnel.takeOver(p, HttpServerCodec.class, true);
        p.channel().flush();
        return true;
    }

    /** Closes once what was written has been flushed; requests still queued are dropped. */
    private void closeAfterWrites() {
        closing = true;
        releaseQueued();
        ChannelFuture flushed = ctx.writeAndFlush(Unpooled.EMPTY_BUFFER);
        if (requestOpen && !inputShut && ctx.channel() instanceof DuplexChannel socket
                && ctx.pipeline().get(SslHandler.class) == null) {
            flushed.addListener(f -> lingerThenClose(socket));
        } else {
            flushed.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The answer went out while the request's body is still coming (refused part way: a hold
     * over its limit on a route that fails closed). Closing now would have the kernel answer the
     * body's next bytes with a reset, which may reach the client before it has read the answer.
     * The output is shut instead (the client reads the answer, then the end), what still comes
     * is read and dropped, and the connection closes when the client closes its side or after
     * {@value #LINGER_MILLIS} ms, whichever is first (nginx's lingering close).
     */
    private void lingerThenClose(DuplexChannel socket) {
        if (!socket.isActive()) {
            return;
        }
        lingering = true;
        socket.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                socket.close();
                return;
            }
            socket.config().setAutoRead(true);
            socket.eventLoop().schedule(() -> socket.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    /** Starts the queued (pipelined) requests in order, until one is in flight with its request read. */
    private void drainQueue() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            while (!closing && !queued.isEmpty() && (current == null || !currentRequestEnded)) {
                dispatch(queued.poll());
            }
        } finally {
            dispatching = false;
        }
        if (queued.isEmpty()) {
            resume(PAUSE_PIPELINED);
        }
    }

    private void releaseQueued() {
        HttpObject m;
        while ((m = queued.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
