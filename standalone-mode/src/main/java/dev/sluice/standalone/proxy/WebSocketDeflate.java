package dev.sluice.standalone.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code permessage-deflate} (RFC 7692) for one WebSocket upgrade, agreed with each side of the
 * tunnel on its own. The proxy must read every message to inspect it and may rewrite it, so it
 * cannot pass compressed frames through: it inflates what a side sends and deflates what it sends
 * on, with a compressor of its own per side (Netty's extension codec). Agreeing separately keeps
 * compression on the link that has it, whatever the other side chose.
 *
 * <p>Upstream it is offered only when the client offered it, so the upstream sees the negotiation
 * it would see without the proxy. Towards the client the proxy compresses without context
 * takeover ({@code server_no_context_takeover} in its answer, which §7.1.1.1 lets a server add
 * unasked), and it offers the same upstream ({@code client_no_context_takeover}, in force when the
 * upstream's answer repeats it): a compressor then lives only while a message is written, so an
 * idle tunnel keeps no deflate state of the proxy's, only the inflate windows that the peers'
 * context takeover needs (32 KiB each). Window sizes other than 15 bits are not agreed for the
 * proxy's own compressor (Netty's JDK deflater has no other), so an offer that insists on one is
 * declined and that side talks uncompressed. A message inflated past
 * {@code maxInflatedFrameBytes} in one frame fails the tunnel, as a longer frame does.
 */
final class WebSocketDeflate {
    private static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    /** zlib's default level, what the peers use themselves. */
    private static final int LEVEL = 6;

    private final List<WebSocketExtensionData> clientOffers;
    private final WebSocketClientExtensionHandshaker upstreamHandshaker;
    private final WebSocketServerExtensionHandshaker clientHandshaker;
    private WebSocketClientExtension upstreamSide;
    private WebSocketServerExtension clientSide;

    private WebSocketDeflate(List<WebSocketExtensionData> clientOffers, int maxInflatedFrameBytes) {
        this.clientOffers = clientOffers;
        this.upstreamHandshaker = new PerMessageDeflateClientExtensionHandshaker(LEVEL, false,
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false,
                WebSocketExtensionFilterProvider.DEFAULT, maxInflatedFrameBytes);
        this.clientHandshaker = new PerMessageDeflateServerExtensionHandshaker(LEVEL, false,
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false,
                WebSocketExtensionFilterProvider.DEFAULT, maxInflatedFrameBytes);
    }

    /**
     * The client's {@code permessage-deflate} offers in its upgrade request, in its order of
     * preference; null when it made none (or a malformed one), and then no extension is agreed
     * on either side.
     */
    static WebSocketDeflate offeredIn(HttpHeaders request, int maxInflatedFrameBytes) {
        List<WebSocketExtensionData> extensions = extensionsIn(request);
        if (extensions == null) {
            return null;
        }
        List<WebSocketExtensionData> offers = extensions.stream()
                .filter(d -> PERMESSAGE_DEFLATE.equals(d.name())).toList();
        return offers.isEmpty() ? null : new WebSocketDeflate(offers, Math.max(1, maxInflatedFrameBytes));
    }

    /** Every extension the {@code Sec-WebSocket-Extensions} fields of {@code h} name, in order; null when one is malformed. */
    private static List<WebSocketExtensionData> extensionsIn(HttpHeaders h) {
        List<WebSocketExtensionData> all = new ArrayList<>(2);
        try {
            for (String value : h.getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
                all.addAll(WebSocketExtensionUtil.extractExtensions(value));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return all;
    }

    /** The {@code Sec-WebSocket-Extensions} value the proxy offers the upstream. */
    String upstreamOffer() {
        return format(upstreamHandshaker.newRequestData());
    }

    /**
     * Reads the upstream's {@code 101}: true when it agreed to nothing, or to exactly the
     * {@code permessage-deflate} the proxy offered with parameters it accepts; false for anything
     * else (an extension not offered, two of them, parameters it cannot honour), which makes the
     * upgrade fail.
     */
    boolean acceptUpstream(HttpHeaders response) {
        if (!response.contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
            return true;
        }
        List<WebSocketExtensionData> agreed = extensionsIn(response);
        if (agreed == null || agreed.size() != 1) {
            return false;
        }
        upstreamSide = upstreamHandshaker.handshakeExtension(agreed.getFirst());
        return upstreamSide != null;
    }

    /**
     * Agrees with the client on the first of its offers the proxy can honour and returns the
     * answer for its {@code 101}, or null when none (the client then talks uncompressed).
     */
    String agreeWithClient() {
        for (WebSocketExtensionData offer : clientOffers) {
            Map<String, String> params = new HashMap<>(offer.parameters());
            params.put(SERVER_NO_CONTEXT, null);
            WebSocketServerExtension ext = clientHandshaker.handshakeExtension(
                    new WebSocketExtensionData(offer.name(), params));
            if (ext != null) {
                clientSide = ext;
                return format(ext.newReponseData());
            }
        }
        return null;
    }

    /** What was agreed with the client ({@code clientSide}) or the upstream; null: plain frames. */
    WebSocketExtension agreed(boolean clientSideOfTunnel) {
        return clientSideOfTunnel ? clientSide : upstreamSide;
    }

    /** {@code name; key=value; key}, as RFC 7692's examples write it. */
    private static String format(WebSocketExtensionData data) {
        StringBuilder sb = new StringBuilder(data.name());
        data.parameters().forEach((k, v) -> {
            sb.append("; ").append(k);
            if (v != null) {
                sb.append('=').append(v);
            }
        });
        return sb.toString();
    }
}
