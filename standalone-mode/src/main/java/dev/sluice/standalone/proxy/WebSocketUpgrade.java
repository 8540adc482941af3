package dev.sluice.standalone.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The WebSocket opening handshake as the proxy relays it (RFC 6455 §4). {@code Upgrade} and
 * {@code Connection} are hop-by-hop, so the proxy's header rules drop them; for a WebSocket
 * request they are put back on both sides of the relay. The request's
 * {@code Sec-WebSocket-Extensions} offer is not passed on: the only extension the proxy agrees is
 * {@code permessage-deflate}, with each side on its own ({@link WebSocketDeflate}), because it
 * inflates every message to inspect it; any other would leave frames it cannot read. Either way
 * the relay sees a message's content, and may refragment it (§5.4), having agreed the extension
 * itself.
 */
final class WebSocketUpgrade {
    private static final String WEBSOCKET = "websocket";

    private WebSocketUpgrade() {
    }

    /** An HTTP/1.1 {@code GET} asking to switch to WebSocket ({@code Upgrade: websocket}, {@code Connection: upgrade}). */
    static boolean isRequest(HttpRequest request) {
        if (!HttpMethod.GET.equals(request.method()) || !HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            return false;
        }
        HttpHeaders h = request.headers();
        return hasToken(h, HttpHeaderNames.UPGRADE, WEBSOCKET) && hasToken(h, HttpHeaderNames.CONNECTION, "upgrade");
    }

    /**
     * After the hop-by-hop fields were dropped: asks the upstream to upgrade, offering the proxy's
     * own {@code permessage-deflate} when {@code deflate} is not null, else no extension.
     */
    static void restoreRequestFields(HttpHeaders headers, WebSocketDeflate deflate) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        headers.remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (deflate != null) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, deflate.upstreamOffer());
        }
    }

    /**
     * Whether the upstream's {@code 101} switches to WebSocket as asked, with no extension or the
     * one the proxy offered ({@code deflate}, null when it offered none); any other would make its
     * frames unreadable to the proxy.
     */
    static boolean accepts(HttpResponse response, WebSocketDeflate deflate) {
        HttpHeaders h = response.headers();
        return response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()
                && hasToken(h, HttpHeaderNames.UPGRADE, WEBSOCKET)
                && (deflate == null ? !h.contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)
                        : deflate.acceptUpstream(h));
    }

    /**
     * The {@code 101} for the client: the upstream's fields (hop-by-hop ones dropped) with the
     * upgrade put back, and the proxy's own answer to the client's extension offer.
     */
    static FullHttpResponse switchingHead(HttpResponse upstream, WebSocketDeflate deflate) {
        HttpHeaders headers = upstream.headers().copy();
        HeadRewriter.stripHopByHop(headers);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        String agreed = deflate == null ? null : deflate.agreeWithClient();
        if (agreed != null) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, agreed);
        }
        headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
    }

    private static boolean hasToken(HttpHeaders h, CharSequence name, String token) {
        for (String v : h.getAll(name)) {
            if (HeadRewriter.containsToken(v, token)) {
                return true;
            }
        }
        return false;
    }
}
