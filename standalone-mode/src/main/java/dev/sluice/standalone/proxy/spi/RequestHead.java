package dev.sluice.standalone.proxy.spi;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The head of a request as it arrived: method, authority ({@code Host} or {@code :authority}),
 * path with query, HTTP version, headers and the client's address.
 */
public final class RequestHead implements MessageHead {
    private final String method;
    private final String authority;
    private final String path;
    private final HttpProtocol protocol;
    private final HeaderMap headers;
    private final InetSocketAddress peer;
    private final boolean grpc;
    private final String peerUriSan;
    /** The target sent upstream: {@link #path} unless a filter rewrote it at the head. */
    private String forwardedPath;

    /** A request over a connection without a verified client certificate (tests of filters). */
    public RequestHead(String method, String authority, String path, HttpProtocol protocol, HeaderMap headers,
                       InetSocketAddress peer, boolean grpc) {
        this(method, authority, path, protocol, headers, peer, grpc, null);
    }

    /** Made by the proxy; {@code peerUriSan} as {@link #peerUriSan()}. */
    public RequestHead(String method, String authority, String path, HttpProtocol protocol, HeaderMap headers,
                       InetSocketAddress peer, boolean grpc, String peerUriSan) {
        this.method = Objects.requireNonNull(method, "method");
        this.authority = authority == null ? "" : authority;
        this.path = Objects.requireNonNull(path, "path");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.peer = peer;
        this.grpc = grpc;
        this.peerUriSan = peerUriSan;
        this.forwardedPath = path;
    }

    public String method() {
        return method;
    }

    /** {@code host[:port]} as the client sent it; empty when it sent none (HTTP/1.0). */
    public String authority() {
        return authority;
    }

    /** The request target's path and query as sent, e.g. {@code /v1/users?id=3} or {@code /pkg.Svc/Method}. */
    public String path() {
        return path;
    }

    /**
     * Sends {@code target} upstream in place of {@link #path()}: a filter's {@code onHead} may
     * rewrite the request's target (a value the policy redacts in its query). Routing and
     * reporting keep the target as it arrived.
     */
    public void rewritePath(String target) {
        if (target == null || target.isEmpty() || target.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a request target is non-empty and has no white space or controls");
        }
        this.forwardedPath = target;
    }

    /** The target the upstream is sent: {@link #path()}, or what a filter rewrote it to. */
    public String forwardedPath() {
        return forwardedPath;
    }

    public HttpProtocol protocol() {
        return protocol;
    }

    @Override
    public HeaderMap headers() {
        return headers;
    }

    /** The client's address, or {@code null} if unknown. */
    public InetSocketAddress peer() {
        return peer;
    }

    @Override
    public boolean grpc() {
        return grpc;
    }

    /**
     * The URI SAN (a SPIFFE ID in a mesh) of the client certificate the proxy's own TLS listener
     * verified, or {@code null} (cleartext, no client certificate, or none with a URI).
     */
    public String peerUriSan() {
        return peerUriSan;
    }

    /** Method, protocol and header names only: the path and values may carry sensitive data. */
    @Override
    public String toString() {
        return "RequestHead[" + method + " " + protocol.wireName() + ", headers=" + headers + "]";
    }
}
