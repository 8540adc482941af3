package dev.sluice.standalone.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's own header rules, applied to every head before the filter sees it: hop-by-hop
 * fields are dropped (RFC 9110 §7.6.1), framing fields are dropped because the proxy re-frames
 * every body it forwards (RFC 9112 §6), and requests gain {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}.
 */
final class HeadRewriter {
    @SuppressWarnings("deprecation")
    private static final AsciiString[] HOP_BY_HOP = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, AsciiString.cached("http2-settings"),
    };
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");

    private HeadRewriter() {
    }

    /**
     * Removes hop-by-hop and framing fields, the fields that {@code Connection} names, and Netty's
     * {@code x-http2-*} conversion fields. Returns whether {@code TE} asked for trailers, which the
     * proxy passes on (gRPC servers expect {@code te: trailers}; RFC 9113 §8.2.2 allows it).
     */
    static boolean stripHopByHop(HttpHeaders headers) {
        boolean teTrailers = false;
        for (String te : headers.getAll(HttpHeaderNames.TE)) {
            if (containsToken(te, "trailers")) {
                teTrailers = true;
            }
        }
        List<String> named = null;
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            int start = 0;
            while (start <= connection.length()) {
                int comma = connection.indexOf(',', start);
                int end = comma < 0 ? connection.length() : comma;
                String token = connection.substring(start, end).strip();
                if (!token.isEmpty()) {
                    if (named == null) {
                        named = new ArrayList<>(2);
                    }
                    named.add(token);
                }
                start = end + 1;
            }
        }
        if (named != null) {
            for (String name : named) {
                headers.remove(name);
            }
        }
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
        for (HttpConversionUtil.ExtensionHeaderNames ext : HttpConversionUtil.ExtensionHeaderNames.values()) {
            headers.remove(ext.text());
        }
        return teTrailers;
    }

    /**
     * Appends the client's address to {@code X-Forwarded-For} and sets {@code X-Forwarded-Proto}:
     * {@code https} when this proxy terminated the client's TLS ({@code tls}), whatever the client
     * wrote; otherwise {@code http} unless a proxy in front (one that terminated TLS) already set it.
     */
    static void addForwarded(HttpHeaders headers, InetSocketAddress peer, boolean tls) {
        if (peer != null && peer.getAddress() != null) {
            String ip = peer.getAddress().getHostAddress();
            String prior = headers.get(X_FORWARDED_FOR);
            headers.set(X_FORWARDED_FOR, prior == null || prior.isBlank() ? ip : prior + ", " + ip);
        }
        if (tls) {
            headers.set(X_FORWARDED_PROTO, "https");
        } else if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, "http");
        }
    }

    /** Whether a comma-separated field value holds {@code token} (case-insensitive, parameters ignored). */
    static boolean containsToken(String value, String token) {
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            String t = value.substring(start, end);
            int semi = t.indexOf(';');
            if ((semi < 0 ? t : t.substring(0, semi)).strip().equalsIgnoreCase(token)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
