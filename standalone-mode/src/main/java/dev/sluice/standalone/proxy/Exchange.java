package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.Block;
import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.FailMode;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.MessageHead;
import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import dev.sluice.standalone.proxy.spi.RequestHead;
import dev.sluice.standalone.proxy.spi.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, relayed between a {@link Downstream} and an {@link Upstream}
 * through the exchange's filter. Lives on the downstream's event loop; the upstream is leased on
 * the same loop, so nothing here is shared between threads.
 *
 * <p>Order of events: request head (gate, filter decision) → request body through the request
 * {@link MessagePump} → upstream leased when the request head may leave (at once when streamed,
 * after the verdict when held) → response head (filter decision) → response body through the
 * response pump → {@link #finish}. Backpressure: a side that cannot take more bytes pauses
 * reading on the other side. A watchdog aborts the exchange when it makes no progress: the
 * read timeout while the upstream owes bytes, the idle timeout while the client does.
 */
final class Exchange implements UpstreamListener {
    private final ProxyContext proxy;
    private final Downstream down;
    private final ByteBufAllocator alloc;

    private ExchangeFilter filter;
    private RequestHead requestHead;
    private boolean grpc;
    /** The content type of the proxy's own answers when they are gRPC ones (gRPC or grpc-web); null otherwise. */
    private String grpcAnswerType;
    private boolean headRequest;
    private boolean expectContinue;
    private boolean requestHasBody;
    /** The request asks to switch to WebSocket (HTTP/1.1 {@code GET} without a body). */
    private boolean webSocket;
    /** The client's {@code permessage-deflate} offer on a WebSocket request; null: none, or compression off. */
    private WebSocketDeflate webSocketDeflate;
    private long requestLength = -1;
    /** Request body bytes received so far, against {@code proxy.max_request_body_bytes}. */
    private long requestBodyBytes;
    private HttpRequest outboundRequest;
    private MessagePump requestPump;
    private boolean requestEnded;
    private boolean requestSent;

    private Upstream upstream;
    private boolean upstreamRequested;
    private final ArrayDeque<HttpObject> pendingUp = new ArrayDeque<>(4);
    private boolean upstreamReadPaused;
    private boolean upstreamDirty;
    /** What went upstream, while the request may be sent again on a new connection; else null. */
    private RequestReplay replay;

    private MessagePump responsePump;
    private HttpResponse outboundResponse;
    private boolean responseStarted;
    /** The response's head as its filter saw it: asked, once it falls quiet, whether it may (a feed). */
    private ResponseHead responseHead;
    /** Whether the response may fall quiet for the stream idle timeout; null until first asked. */
    private Boolean responseMayFallQuiet;
    private boolean responseWhole;
    private boolean responseHeadSent;
    private boolean responseEnded;
    private boolean responseBodyExpected;
    private long responseLength = -1;

    private boolean finished;
    private boolean awaitRequestEnd;
    private long lastProgress;
    private ScheduledFuture<?> watchdog;

    Exchange(ProxyContext proxy, Downstream down) {
        this.proxy = proxy;
        this.down = down;
        this.alloc = down.channel().alloc();
    }

    // ---------------------------------------------------------------- request side

    /** The request head arrived (not reference-counted; a FullHttpRequest's body comes by {@link #onRequestContent}). */
    void onRequestHead(HttpRequest request) {
        progress();
        armWatchdog();
        HttpProtocol protocol = down.protocol();
        HttpHeaders headers = request.headers();
        grpc = MediaTypes.isGrpc(headers.get(HttpHeaderNames.CONTENT_TYPE));
        grpcAnswerType = MediaTypes.grpcAnswerType(headers.get(HttpHeaderNames.CONTENT_TYPE));
        headRequest = HttpMethod.HEAD.equals(request.method());
        requestLength = HttpUtil.getContentLength(request, -1L);
        requestHasBody = requestLength > 0 || (requestLength < 0 && HttpUtil.isTransferEncodingChunked(request));
        HttpResponseStatus malformed = RequestHeadSyntax.settle(request, protocol);
        if (malformed != null) {
            // A head two readers could take two ways: answered, and nothing after it on the
            // connection trusted.
            refuse(malformed, true);
            return;
        }
        HttpResponseStatus refusal = proxy.gate.check(request, protocol);
        if (refusal != null) {
            refuse(refusal, false);
            return;
        }
        proxy.gate.unescapeSlashes(request);
        webSocket = protocol == HttpProtocol.HTTP_1_1 && !requestHasBody && WebSocketUpgrade.isRequest(request);
        expectContinue = headers.contains(HttpHeaderNames.EXPECT) && protocol != HttpProtocol.HTTP_1_0;
        headers.remove(HttpHeaderNames.EXPECT);
        String authority = headers.get(HttpHeaderNames.HOST);
        boolean teTrailers = HeadRewriter.stripHopByHop(headers);
        NettyHeaderMap map = new NettyHeaderMap(headers);
        TlsPeer tls = down.tls();
        requestHead = new RequestHead(request.method().name(), authority, request.uri(), protocol, map,
                down.peer(), grpc, tls == null ? null : tls.uriSan());
        HeadDecision decision = decide(true, requestHead);
        map.freeze();
        if (finished) {
            return;
        }
        HeadRewriter.addForwarded(headers, down.peer(), tls != null);
        if (teTrailers) {
            headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        if (authority == null) {
            headers.set(HttpHeaderNames.HOST, proxy.config.upstream().getAuthority());
        }
        switch (decision.kind()) {
            case REJECT -> answer(LocalResponses.reject(alloc, decision, grpcAnswerType), ExchangeOutcome.REJECTED);
            case BLOCK -> answer(LocalResponses.block(alloc, decision.blocked(), grpcAnswerType),
                    ExchangeOutcome.BLOCKED);
            default -> {
                if (webSocket) {
                    if (upstreamIsH2c()) {
                        // RFC 8441's extended CONNECT is not spoken upstream: the upgrade cannot go on.
                        answer(LocalResponses.error(alloc, HttpResponseStatus.NOT_IMPLEMENTED,
                                "websocket_needs_http1_upstream", null), ExchangeOutcome.REFUSED);
                        return;
                    }
                    webSocketDeflate = proxy.config.webSocketCompression() ? WebSocketDeflate.offeredIn(headers,
                            WebSocketTunnel.maxFrameBytes(proxy.config)) : null;
                    WebSocketUpgrade.restoreRequestFields(headers, webSocketDeflate);
                }
                outboundRequest = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(),
                        requestHead.forwardedPath(), headers);
                replay = RequestReplay.forRequest(outboundRequest, upstreamIsH2c());
                requestPump = new MessagePump(filterOf(true), decision, proxy.config, new RequestTarget(), alloc,
                        requestHasBody, requestLength);
                if (decision.kind() == HeadDecision.Kind.HOLD && expectContinue) {
                    sendContinue();
                }
                onRequestStep(requestPump.start());
            }
        }
    }

    /** A part of the request body; takes ownership. */
    void onRequestContent(HttpContent content) {
        progress();
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestEnded = true;
        }
        if (finished || requestPump == null) {
            content.release();
            if (last && awaitRequestEnd) {
                awaitRequestEnd = false;
                down.exchangeDone(true);
            }
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            answer(LocalResponses.error(alloc, HttpResponseStatus.BAD_REQUEST, "bad_request", grpcAnswerType),
                    ExchangeOutcome.REFUSED);
            return;
        }
        ByteBuf bytes = content.content();
        requestBodyBytes += bytes.readableBytes();
        long max = proxy.config.maxRequestBodyBytes();
        if (max > 0 && requestBodyBytes > max) {
            // A body without a length (chunked, HTTP/2) streams past the limit: what went upstream is
            // cut there (the upstream connection is aborted), the client gets 413, or a reset once a
            // response has begun.
            content.release();
            answer(LocalResponses.error(alloc, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                    grpcAnswerType), ExchangeOutcome.REFUSED);
            return;
        }
        onRequestStep(last ? requestPump.end(bytes, ((LastHttpContent) content).trailingHeaders())
                : requestPump.content(bytes));
    }

    void onRequestReadComplete() {
        flush();
    }

    private void onRequestStep(MessagePump.Step step) {
        switch (step) {
            case BLOCKED -> answer(LocalResponses.block(alloc, requestPump.block(), grpcAnswerType),
                    ExchangeOutcome.BLOCKED);
            case OVER_LIMIT -> answer(LocalResponses.error(alloc, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body_too_large", grpcAnswerType), ExchangeOutcome.OVER_HOLD_LIMIT);
            case FAILED -> answer(LocalResponses.error(alloc, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "filter_failed", grpcAnswerType), ExchangeOutcome.FILTER_FAILED);
            default -> { }
        }
    }

    /** Sends the filtered request on; leases the upstream on the head. */
    private final class RequestTarget implements MessagePump.Target {
        @Override
        public void head(Framing framing, long length) {
            framing.apply(outboundRequest, length, requestHasBody, requestLength);
            toUpstream(outboundRequest);
        }

        @Override
        public void content(ByteBuf bytes) {
            toUpstream(new DefaultHttpContent(bytes));
        }

        @Override
        public void last(ByteBuf bytes, HttpHeaders trailers) {
            toUpstream(new DefaultLastHttpContent(bytes, trailers));
        }
    }

    private void toUpstream(HttpObject message) {
        if (finished) {
            // A pump may still hand over bytes in the call that ended the exchange.
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof LastHttpContent) {
            requestSent = true;
        }
        if (replay != null && !replay.record(message)) {
            replay = null;
        }
        if (upstream != null) {
            upstream.write(message);
            upstreamDirty = true;
            return;
        }
        pendingUp.add(message);
        if (!upstreamRequested) {
            upstreamRequested = true;
            leaseUpstream(false);
        }
    }

    private boolean upstreamIsH2c() {
        return grpc || proxy.config.upstreamProtocol() == UpstreamProtocol.H2C;
    }

    private void leaseUpstream(boolean fresh) {
        Future<Upstream> lease = proxy.connector(down.channel().eventLoop()).acquire(upstreamIsH2c(), fresh, this);
        if (lease.isDone()) {
            // A pooled connection: nothing to wait for. Pausing and resuming the client's reads
            // here would cost two epoll_ctl calls per request.
            onUpstreamLeased(lease, false);
        } else {
            down.pause(Downstream.PAUSE_WAITING_UPSTREAM);
            lease.addListener(f -> onUpstreamLeased(lease, true));
        }
    }

    /**
     * Sends the request again, once: the pooled connection it went out on closed without a byte
     * of answer (see {@link RequestReplay}; {@code fresh}: on a new connection), or its partial
     * response is replaced by the whole representation ({@link #widenRange}). The copies go
     * first; whatever the request pump hands over later follows them.
     */
    private void sendAgain(boolean fresh) {
        ArrayDeque<HttpObject> copies = replay.take();
        replay = null;
        upstream = null;
        while (!copies.isEmpty()) {
            pendingUp.addFirst(copies.pollLast());
        }
        leaseUpstream(fresh);
    }

    private void dropReplay() {
        if (replay != null) {
            replay.release();
            replay = null;
        }
    }

    /**
     * Writes what waited for the upstream. A lease that completed at once did so inside the call
     * that handed over the head, usually a read of the client whose end flushes anyway: flushing
     * here too would send the head in a syscall of its own and a body read with it in a second,
     * so the flush is left to that read's end, or to a task queued behind it when the head came
     * from elsewhere (a pipelined request started after a response).
     */
    private void onUpstreamLeased(Future<Upstream> lease, boolean flushNow) {
        if (finished) {
            if (lease.isSuccess()) {
                lease.getNow().abort();
            }
            return;
        }
        progress();
        if (!lease.isSuccess()) {
            releasePendingUp();
            upstreamFailed(ExchangeOutcome.UPSTREAM_FAILED);
            return;
        }
        upstream = lease.getNow();
        HttpObject m;
        while ((m = pendingUp.poll()) != null) {
            upstream.write(m);
        }
        upstreamDirty = true;
        if (expectContinue && !requestEnded) {
            sendContinue();
        }
        down.resume(Downstream.PAUSE_WAITING_UPSTREAM);
        onUpstreamWritabilityChanged(upstream.isWritable());
        if (upstreamReadPaused) {
            upstream.setReadPaused(true);
        }
        if (flushNow) {
            flush();
        } else {
            down.channel().eventLoop().execute(this::flush);
        }
    }

    private void sendContinue() {
        if (expectContinue) {
            expectContinue = false;
            down.writeContinue();
            down.flush();
        }
    }

    // ---------------------------------------------------------------- response side

    @Override
    public void onResponseHead(HttpResponse response) {
        progress();
        if (finished || responseStarted) {
            return;
        }
        responseStarted = true;
        responseWhole = response instanceof FullHttpResponse;
        int code = response.status().code();
        if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            dropReplay();
            switchToWebSocket(response);
            return;
        }
        HttpHeaders headers = response.headers();
        responseBodyExpected = !headRequest && code >= 200 && code != 204 && code != 304;
        responseLength = HttpUtil.getContentLength(response, -1L);
        HeadRewriter.stripHopByHop(headers);
        NettyHeaderMap map = new NettyHeaderMap(headers);
        boolean grpcResponse = grpc || MediaTypes.isGrpc(headers.get(HttpHeaderNames.CONTENT_TYPE));
        responseHead = new ResponseHead(code, map, requestHead, grpcResponse);
        HeadDecision decision = decide(false, responseHead);
        map.freeze();
        if (finished) {
            dropReplay();
            return;
        }
        if (code == HttpResponseStatus.PARTIAL_CONTENT.code() && mayWidenRange(decision)) {
            widenRange();
            return;
        }
        dropReplay();
        switch (decision.kind()) {
            case REJECT -> answer(LocalResponses.reject(alloc, decision, grpcAnswerType), ExchangeOutcome.REJECTED);
            case BLOCK -> answer(LocalResponses.block(alloc, decision.blocked(), grpcAnswerType),
                    ExchangeOutcome.BLOCKED);
            default -> {
                outboundResponse = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), headers);
                responsePump = new MessagePump(filterOf(false), decision, proxy.config, new ResponseTarget(),
                        alloc, responseBodyExpected, responseLength);
                onResponseStep(responsePump.start());
            }
        }
    }

    /**
     * Whether a partial response (206) is to be replaced by the whole representation: the filter
     * would inspect its body, and the client's GET with {@code Range} was kept to be sent again.
     * Inspected part by part, a value could be fetched in two ranges that each hold only half of
     * it, and a range that starts inside a JSON document cannot be parsed as one; the whole
     * representation is inspected as any response is. RFC 9110 §14.2 lets a server ignore
     * {@code Range}: the client gets a 200 with the whole body, which every client must accept.
     */
    private boolean mayWidenRange(HeadDecision decision) {
        return proxy.config.widenRanges() && replay != null && responseBodyExpected && !decision.checkingLabel()
                && HttpMethod.GET.equals(outboundRequest.method())
                && outboundRequest.headers().contains(HttpHeaderNames.RANGE)
                && switch (decision.kind()) {
                    case STREAM, STREAM_RESIZABLE, HOLD -> true;
                    default -> false;
                };
    }

    /**
     * Drops the partial response (the upstream connection is closed, or the h2c stream reset, as
     * its body is not wanted) and sends the request again without {@code Range} and
     * {@code If-Range}; the answer to that is this exchange's response. Once only: the replay is
     * used up, so a second 206 is inspected as it is.
     */
    private void widenRange() {
        HttpHeaders h = outboundRequest.headers();
        h.remove(HttpHeaderNames.RANGE);
        h.remove(HttpHeaderNames.IF_RANGE);
        upstream.abort();
        responseStarted = false;
        proxy.rangeWidened();
        sendAgain(false);
    }

    @Override
    public void onResponseContent(HttpContent content) {
        progress();
        boolean last = content instanceof LastHttpContent;
        if (last) {
            responseEnded = true;
        }
        if (finished || responsePump == null) {
            content.release();
            return;
        }
        ByteBuf bytes = content.content();
        onResponseStep(last ? responsePump.end(bytes, ((LastHttpContent) content).trailingHeaders())
                : responsePump.content(bytes));
    }

    @Override
    public void onResponseReadComplete() {
        flush();
    }

    private void onResponseStep(MessagePump.Step step) {
        switch (step) {
            case DONE -> finish(ExchangeOutcome.COMPLETED, requestEnded || !requestHasBody);
            case BLOCKED -> blockResponse(responsePump.block());
            case OVER_LIMIT -> answer(LocalResponses.error(alloc, HttpResponseStatus.BAD_GATEWAY,
                    "response_too_large", grpcAnswerType), ExchangeOutcome.OVER_HOLD_LIMIT);
            case FAILED -> answer(LocalResponses.error(alloc, HttpResponseStatus.BAD_GATEWAY, "filter_failed",
                    grpcAnswerType), ExchangeOutcome.FILTER_FAILED);
            default -> { }
        }
    }

    /**
     * Sends the filtered response to the client. The head of an upstream response that came
     * whole (HTTP/2 HEADERS with END_STREAM, as in gRPC Trailers-Only) waits for the last part so
     * that an empty response leaves whole again, not as HEADERS plus an empty DATA frame.
     */
    private final class ResponseTarget implements MessagePump.Target {
        private boolean headWaiting;

        @Override
        public void head(Framing framing, long length) {
            if (finished) {
                return;
            }
            framing.apply(outboundResponse, length, responseBodyExpected, responseLength);
            responseHeadSent = true;
            if (responseWhole) {
                headWaiting = true;
            } else {
                down.writeHead(outboundResponse, !requestEnded && requestHasBody);
            }
        }

        @Override
        public void content(ByteBuf bytes) {
            if (finished) {
                bytes.release();
                return;
            }
            sendWaitingHead();
            down.write(new DefaultHttpContent(bytes));
        }

        @Override
        public void last(ByteBuf bytes, HttpHeaders trailers) {
            if (finished) {
                bytes.release();
                return;
            }
            if (headWaiting && !bytes.isReadable() && trailers.isEmpty()) {
                headWaiting = false;
                down.writeHead(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, outboundResponse.status(), bytes,
                        outboundResponse.headers(), trailers), !requestEnded && requestHasBody);
                return;
            }
            sendWaitingHead();
            down.write(new DefaultLastHttpContent(bytes, trailers));
        }

        private void sendWaitingHead() {
            if (headWaiting) {
                headWaiting = false;
                down.writeHead(outboundResponse, !requestEnded && requestHasBody);
            }
        }
    }

    /**
     * The upstream answered 101. If the request asked for WebSocket and the answer agrees, both
     * connections become a {@link WebSocketTunnel} and this exchange is over; its filter stays
     * with the tunnel, which reports the end. Any other 101 is a broken answer (502).
     */
    private void switchToWebSocket(HttpResponse response) {
        if (!webSocket || !WebSocketUpgrade.accepts(response, webSocketDeflate)) {
            upstreamFailed(ExchangeOutcome.UPSTREAM_FAILED);
            return;
        }
        FullHttpResponse head = WebSocketUpgrade.switchingHead(response, webSocketDeflate);
        WebSocketTunnel tunnel = new WebSocketTunnel(proxy.config, filter, alloc, webSocketDeflate);
        if (!down.switchToWebSocket(head, tunnel)) {
            finish(ExchangeOutcome.CLIENT_ABORTED, false);
            return;
        }
        letGo();
        upstream.switchToWebSocket(tunnel);
        upstream = null;
        proxy.webSocketOpened();
    }

    private void blockResponse(Block block) {
        if (!responseHeadSent) {
            answer(LocalResponses.block(alloc, block, grpcAnswerType), ExchangeOutcome.BLOCKED);
        } else if (grpcTrailersPossible()) {
            endWithGrpcStatus(LocalResponses.GRPC_PERMISSION_DENIED, block.statusMessage(),
                    ExchangeOutcome.BLOCKED);
        } else {
            reset(ExchangeOutcome.RESET_AFTER_BLOCK);
        }
    }

    // ---------------------------------------------------------------- upstream events

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        progress();
        if (writable) {
            down.resume(Downstream.PAUSE_UPSTREAM_BUSY);
        } else {
            down.pause(Downstream.PAUSE_UPSTREAM_BUSY);
        }
    }

    @Override
    public void onUpstreamClosed() {
        if (finished) {
            return;
        }
        if (replay != null && !responseStarted && upstream != null && upstream.closedUnanswered()) {
            proxy.upstreamRetried();
            sendAgain(true);
        } else {
            upstreamFailed(ExchangeOutcome.UPSTREAM_FAILED);
        }
    }

    private void upstreamFailed(ExchangeOutcome outcome) {
        boolean timeout = outcome == ExchangeOutcome.UPSTREAM_TIMEOUT;
        if (!responseHeadSent) {
            HttpResponseStatus status = timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY;
            answer(LocalResponses.error(alloc, status, LocalResponses.codeFor(status), grpcAnswerType), outcome);
        } else if (grpcTrailersPossible()) {
            endWithGrpcStatus(timeout ? LocalResponses.GRPC_DEADLINE_EXCEEDED : LocalResponses.GRPC_UNAVAILABLE,
                    timeout ? "upstream timed out" : "upstream failed", outcome);
        } else {
            reset(outcome);
        }
    }

    // ---------------------------------------------------------------- client events

    void onDownstreamWritabilityChanged() {
        progress();
        upstreamReadPaused = !down.isWritable();
        if (upstream != null) {
            upstream.setReadPaused(upstreamReadPaused);
        }
    }

    /** The client closed the connection or reset the stream. */
    void onDownstreamClosed() {
        if (!finished) {
            finish(ExchangeOutcome.CLIENT_ABORTED, false);
        }
    }

    // ---------------------------------------------------------------- endings

    /** Refuses the request with {@code status} (405 with {@code Allow} when methods are restricted). */
    private void refuse(HttpResponseStatus status, boolean lastOnConnection) {
        FullHttpResponse r = LocalResponses.error(alloc, status, LocalResponses.codeFor(status), grpcAnswerType);
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED && proxy.gate.allowHeader() != null) {
            r.headers().set(HttpHeaderNames.ALLOW, proxy.gate.allowHeader());
        }
        answer(r, ExchangeOutcome.REFUSED, lastOnConnection);
    }

    /**
     * Answers with a response the proxy made, if the response head has not left yet; otherwise
     * the stream can only be reset. The rest of the request, if any, is not forwarded.
     */
    private void answer(FullHttpResponse response, ExchangeOutcome outcome) {
        answer(response, outcome, false);
    }

    private void answer(FullHttpResponse response, ExchangeOutcome outcome, boolean lastOnConnection) {
        if (finished) {
            response.release();
            return;
        }
        if (responseHeadSent) {
            response.release();
            reset(outcome == ExchangeOutcome.BLOCKED ? ExchangeOutcome.RESET_AFTER_BLOCK : outcome);
            return;
        }
        if (headRequest && response.content().isReadable()) {
            // An answer to HEAD has no content (RFC 9110 §9.3.2); its Content-Length still says
            // what GET would get. HTTP/1.1's codec drops it by itself, HTTP/2's does not.
            FullHttpResponse bodiless = response.replace(alloc.buffer(0));
            response.release();
            response = bodiless;
        }
        boolean keepAlive = !lastOnConnection && (requestEnded || !requestHasBody);
        responseHeadSent = true;
        down.writeHead(response, !keepAlive);
        finish(outcome, keepAlive);
    }

    private boolean grpcTrailersPossible() {
        return grpc && down.protocol() == HttpProtocol.HTTP_2;
    }

    /** Ends a gRPC response whose head has left with an error status in its trailers (not a silent truncation). */
    private void endWithGrpcStatus(int status, String message, ExchangeOutcome outcome) {
        LastHttpContent last = new DefaultLastHttpContent(alloc.buffer(0));
        LocalResponses.setGrpcStatus(last.trailingHeaders(), status, message);
        down.write(last);
        finish(outcome, requestEnded || !requestHasBody);
    }

    private void reset(ExchangeOutcome outcome) {
        if (!finished) {
            down.reset();
            finish(outcome, false);
        }
    }

    /**
     * Ends the exchange once: releases what it holds, returns or aborts the upstream, tells the
     * client side and the filter.
     */
    private void finish(ExchangeOutcome outcome, boolean keepAlive) {
        if (finished) {
            return;
        }
        letGo();
        proxy.ended(outcome);
        if (upstream != null) {
            if (requestSent && responseEnded) {
                upstream.flush();
                upstream.release();
            } else {
                upstream.abort();
            }
        }
        down.flush();
        if (keepAlive && !requestEnded) {
            // The rest of a bodiless request (its end marker) is about to arrive; reuse the connection after it.
            awaitRequestEnd = true;
        } else {
            down.exchangeDone(keepAlive && requestEnded);
        }
        if (filter != null) {
            try {
                filter.onComplete(outcome);
            } catch (RuntimeException e) {
                // A filter's bookkeeping failure must not disturb the connection; the outcome stands.
            }
        }
    }

    /** The exchange's own part is over: its watchdog stops and what it holds is released (pumps, copies, parts not yet sent). */
    private void letGo() {
        finished = true;
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
        if (requestPump != null) {
            requestPump.discard();
        }
        if (responsePump != null) {
            responsePump.discard();
        }
        dropReplay();
        releasePendingUp();
    }

    private void releasePendingUp() {
        HttpObject m;
        while ((m = pendingUp.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    private void flush() {
        if (upstreamDirty && upstream != null) {
            upstreamDirty = false;
            upstream.flush();
        }
        down.flush();
    }

    // ---------------------------------------------------------------- filter calls

    /** Asks the filter about a head; a failing filter is handled by the fail mode. */
    private HeadDecision decide(boolean request, MessageHead head) {
        try {
            if (request) {
                filter = proxy.filters.newExchange(requestHead);
            }
            HeadDecision d = filterOf(request).onHead(head);
            if (d == null) {
                throw new IllegalStateException("filter returned no head decision");
            }
            return d;
        } catch (RuntimeException e) {
            if (proxy.config.failMode() == FailMode.OPEN) {
                return HeadDecision.pass();
            }
            HttpResponseStatus status = request ? HttpResponseStatus.INTERNAL_SERVER_ERROR
                    : HttpResponseStatus.BAD_GATEWAY;
            answer(LocalResponses.error(alloc, status, "filter_failed", grpcAnswerType), ExchangeOutcome.FILTER_FAILED);
            return HeadDecision.pass();
        }
    }

    private MessageFilter filterOf(boolean request) {
        if (filter == null) {
            return PassThroughFilter.INSTANCE;
        }
        MessageFilter f = request ? filter.request() : filter.response();
        return f == null ? PassThroughFilter.INSTANCE : f;
    }

    // ---------------------------------------------------------------- watchdog

    private void progress() {
        lastProgress = System.nanoTime();
    }

    private void armWatchdog() {
        long limit = Math.min(proxy.readTimeoutNanos, proxy.idleTimeoutNanos);
        watchdog = down.channel().eventLoop().schedule(this::onWatchdog, limit, TimeUnit.NANOSECONDS);
    }

    private void onWatchdog() {
        watchdog = null;
        if (finished) {
            return;
        }
        boolean upstreamOwes = upstreamOwesBytes();
        long limit = quietLimit(upstreamOwes);
        long quiet = System.nanoTime() - lastProgress;
        if (quiet < limit) {
            watchdog = down.channel().eventLoop().schedule(this::onWatchdog, limit - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        if (upstreamOwes) {
            upstreamFailed(ExchangeOutcome.UPSTREAM_TIMEOUT);
        } else {
            reset(ExchangeOutcome.CLIENT_ABORTED);
        }
        flush();
    }

    /**
     * How long the exchange may make no progress: waiting on the client, the idle timeout; on the
     * upstream, the read timeout. A stream may fall quiet for longer, the stream idle timeout: a
     * gRPC client's stream of requests waiting on its next message (a client stream sending an
     * event when it has one), or a response that may fall quiet once its head left.
     */
    private long quietLimit(boolean upstreamOwes) {
        if (!upstreamOwes) {
            return grpc && !requestEnded && upstreamRequested ? proxy.streamIdleTimeoutNanos : proxy.idleTimeoutNanos;
        }
        return responseStarted && mayFallQuiet() ? proxy.streamIdleTimeoutNanos : proxy.readTimeoutNanos;
    }

    /**
     * Whether the response, its head left, may fall quiet for the stream idle timeout: a gRPC
     * answer, or one its filter calls a feed. Asked only of a response that fell quiet, once.
     */
    private boolean mayFallQuiet() {
        if (responseMayFallQuiet == null) {
            responseMayFallQuiet = responseHead != null && (responseHead.grpc()
                    || filter != null && filter.mayFallQuiet(responseHead));
        }
        return responseMayFallQuiet;
    }

    /**
     * Whether the exchange waits on the upstream rather than on the client: the upstream does not
     * take request bytes, or owes response bytes that the proxy is not holding back itself.
     */
    private boolean upstreamOwesBytes() {
        if (!upstreamRequested || responseEnded) {
            return false;
        }
        if (upstream != null && !upstream.isWritable()) {
            return true;
        }
        return !upstreamReadPaused && (requestEnded || responseStarted);
    }
}
