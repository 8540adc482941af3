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
 * {@code Sec-WebSocket-Extensions} offer is dropped so that no extension is agreed: with
 * {@code permessage-deflate} (RFC 7692) the messages would cross compressed, and every frame
 * would have to be inflated to be inspected and deflated again to be redacted. Without an
 * extension a message's payload is its content, and the proxy may refragment it (§5.4).
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

    /** After the hop-by-hop fields were dropped: asks the upstream to upgrade, offering no extension. */
    static void restoreRequestFields(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        headers.remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
    }

    /**
     * Whether the upstream's {@code 101} switches to WebSocket as asked, with no extension (one
     * the request did not offer would make its frames unreadable to the proxy).
     */
    static boolean accepts(HttpResponse response) {
        HttpHeaders h = response.headers();
        return response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()
                && hasToken(h, HttpHeaderNames.UPGRADE, WEBSOCKET)
                && !h.contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
    }

    /** The {@code 101} for the client: the upstream's fields (hop-by-hop ones dropped) with the upgrade put back. */
    static FullHttpResponse switchingHead(HttpResponse upstream) {
        HttpHeaders headers = upstream.headers().copy();
        HeadRewriter.stripHopByHop(headers);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
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
