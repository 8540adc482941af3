package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.FailMode;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sidecar proxy's settings; immutable, made by {@link #builder()}. Defaults:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>listen</td><td>{@code 0.0.0.0:8080}</td></tr>
 *   <tr><td>upstream</td><td>required, {@code http://host[:port]} or {@code https://host[:port]}</td></tr>
 *   <tr><td>upstream TLS (https only)</td><td>the JDK's trust store, no client certificate, the upstream's host verified</td></tr>
 *   <tr><td>listener TLS</td><td>none (cleartext)</td></tr>
 *   <tr><td>upstream protocol</td><td>{@link UpstreamProtocol#AUTO}</td></tr>
 *   <tr><td>connect / read / idle timeout</td><td>5 s / 60 s / 60 s</td></tr>
 *   <tr><td>request head timeout</td><td>10 s</td></tr>
 *   <tr><td>upstream pool size</td><td>32 idle HTTP/1.1 connections (and 4 h2c connections) per I/O thread</td></tr>
 *   <tr><td>max held body bytes</td><td>1 MiB per message</td></tr>
 *   <tr><td>fail mode</td><td>{@link FailMode#CLOSED}</td></tr>
 *   <tr><td>allowed methods, request content types</td><td>any</td></tr>
 *   <tr><td>allowed HTTP versions</td><td>HTTP/1.0, HTTP/1.1, HTTP/2</td></tr>
 *   <tr><td>max initial line / header bytes</td><td>8 KiB / 16 KiB</td></tr>
 *   <tr><td>max client connections</td><td>10,000</td></tr>
 *   <tr><td>max concurrent HTTP/2 streams per connection</td><td>100</td></tr>
 *   <tr><td>I/O threads</td><td>the number of processors</td></tr>
 * </table>
 */
public final class ProxyConfig {
    private final String listenHost;
    private final int listenPort;
    private final URI upstream;
    private final UpstreamProtocol upstreamProtocol;
    private final UpstreamTls upstreamTls;
    private final ServerTls serverTls;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final Duration streamIdleTimeout;
    private final Duration requestHeadTimeout;
    private final int upstreamPoolSize;
    private final long maxHeldBodyBytes;
    private final FailMode failMode;
    private final Set<String> allowedMethods;
    private final Set<String> allowedRequestContentTypes;
    private final Set<HttpProtocol> allowedHttpVersions;
    private final int maxInitialLineBytes;
    private final int maxHeaderBytes;
    private final int maxConnections;
    private final int maxConcurrentStreams;
    private final int ioThreads;
    private final boolean webSocketCompression;
    private final boolean widenRanges;
    private final EscapedSlashAction pathWithEscapedSlashes;
    private final long maxRequestBodyBytes;

    private ProxyConfig(Builder b) {
        this.listenHost = b.listenHost == null ? "0.0.0.0" : b.listenHost;
        this.listenPort = b.listenPort == null ? 8080 : b.listenPort;
        this.upstream = b.upstream;
        this.upstreamProtocol = b.upstreamProtocol == null ? UpstreamProtocol.AUTO : b.upstreamProtocol;
        this.upstreamTls = !"https".equals(b.upstream.getScheme()) ? null
                : b.upstreamTls != null ? b.upstreamTls : UpstreamTls.systemTrust();
        this.serverTls = b.serverTls;
        this.connectTimeout = b.connectTimeout == null ? Duration.ofSeconds(5) : b.connectTimeout;
        this.readTimeout = b.readTimeout == null ? Duration.ofSeconds(60) : b.readTimeout;
        this.idleTimeout = b.idleTimeout == null ? Duration.ofSeconds(60) : b.idleTimeout;
        this.streamIdleTimeout = b.streamIdleTimeout == null ? Duration.ofMinutes(5) : b.streamIdleTimeout;
        this.requestHeadTimeout = b.requestHeadTimeout == null ? Duration.ofSeconds(10) : b.requestHeadTimeout;
        this.upstreamPoolSize = b.upstreamPoolSize == null ? 32 : b.upstreamPoolSize;
        this.maxHeldBodyBytes = b.maxHeldBodyBytes == null ? 1024 * 1024 : b.maxHeldBodyBytes;
        this.failMode = b.failMode == null ? FailMode.CLOSED : b.failMode;
        this.allowedMethods = b.allowedMethods == null ? Set.of() : b.allowedMethods;
        this.allowedRequestContentTypes = b.allowedContentTypes == null ? Set.of() : b.allowedContentTypes;
        this.allowedHttpVersions = b.allowedHttpVersions == null
                ? Set.copyOf(EnumSet.allOf(HttpProtocol.class)) : b.allowedHttpVersions;
        this.maxInitialLineBytes = b.maxInitialLineBytes == null ? 8 * 1024 : b.maxInitialLineBytes;
        this.maxHeaderBytes = b.maxHeaderBytes == null ? 16 * 1024 : b.maxHeaderBytes;
        this.maxConnections = b.maxConnections == null ? 10_000 : b.maxConnections;
        this.maxConcurrentStreams = b.maxConcurrentStreams == null ? 100 : b.maxConcurrentStreams;
        this.ioThreads = b.ioThreads == null ? Runtime.getRuntime().availableProcessors() : b.ioThreads;
        this.webSocketCompression = b.webSocketCompression == null || b.webSocketCompression;
        this.widenRanges = b.widenRanges == null || b.widenRanges;
        this.pathWithEscapedSlashes = b.pathWithEscapedSlashes == null ? EscapedSlashAction.KEEP_UNCHANGED
                : b.pathWithEscapedSlashes;
        this.maxRequestBodyBytes = b.maxRequestBodyBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String listenHost() {
        return listenHost;
    }

    /** The port to listen on; 0 picks a free one (see {@link SidecarProxy#port()}). */
    public int listenPort() {
        return listenPort;
    }

    /** The upstream, {@code http://host:port} or {@code https://host:port} (the port is always present). */
    public URI upstream() {
        return upstream;
    }

    /** How to speak TLS to an {@code https://} upstream; null for an {@code http://} one. */
    public UpstreamTls upstreamTls() {
        return upstreamTls;
    }

    /** TLS on the listener; null when clients speak cleartext. */
    public ServerTls serverTls() {
        return serverTls;
    }

    public UpstreamProtocol upstreamProtocol() {
        return upstreamProtocol;
    }

    /** How long connecting to the upstream may take before the client gets 502. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long the upstream may stay silent while the proxy waits for its response (after the
     * request left, or between two reads) before the client gets 504, or a reset once the
     * response's headers have left. Time the proxy itself paused reading does not count.
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * How long a client connection may stay idle between requests, and how long an exchange may
     * make no progress on the client's side (no bytes read, writes stuck) before it is aborted.
     * Idle pooled upstream connections are closed after this too.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * How long the upstream may stay silent between two pieces of a response that may fall quiet
     * (a feed, a gRPC answer: {@link dev.sluice.standalone.proxy.spi.ExchangeFilter#mayFallQuiet})
     * once its headers have left, before it is reset; in place of {@link #readTimeout()}, which
     * still bounds the wait for its headers. A watch with nothing to report is not cut off.
     */
    public Duration streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /**
     * How long an HTTP/1.1 client may take to send a request's head (request line and header
     * fields), counted from the connection's opening or, on a kept-alive connection, from the
     * first byte of the next request; past it the client gets 408 and the connection closes.
     * The idle timeout cannot do this job: a client trickling one byte at a time (slowloris) is
     * never idle.
     */
    public Duration requestHeadTimeout() {
        return requestHeadTimeout;
    }

    /** Idle HTTP/1.1 upstream connections kept per I/O thread (h2c: a tenth of it, at least 1). */
    public int upstreamPoolSize() {
        return upstreamPoolSize;
    }

    /** The most filter output held for one message whose head waits for its verdict. */
    public long maxHeldBodyBytes() {
        return maxHeldBodyBytes;
    }

    /** The default for a held body over its limit, and for a filter that fails. */
    public FailMode failMode() {
        return failMode;
    }

    /** What a request whose path holds {@code %2F} or {@code %5C} gets; {@link EscapedSlashAction#KEEP_UNCHANGED} unless set. */
    public EscapedSlashAction pathWithEscapedSlashes() {
        return pathWithEscapedSlashes;
    }

    /** Upper-case method names that are allowed; empty allows any (others get 405). */
    public Set<String> allowedMethods() {
        return allowedMethods;
    }

    /**
     * Lower-case media types ({@code type/subtype}, no parameters) allowed as a request's
     * {@code Content-Type}; empty allows any (others get 415). A request without a
     * {@code Content-Type} passes.
     */
    public Set<String> allowedRequestContentTypes() {
        return allowedRequestContentTypes;
    }

    /** The HTTP versions clients may use (others get 505; without HTTP/2, h2c is not offered). */
    public Set<HttpProtocol> allowedHttpVersions() {
        return allowedHttpVersions;
    }

    public int maxInitialLineBytes() {
        return maxInitialLineBytes;
    }

    /** The most bytes of header fields in one message (HTTP/2: the header list size). */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Client connections open at once; more are closed as they are accepted. */
    public int maxConnections() {
        return maxConnections;
    }

    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /**
     * Whether WebSocket upgrades may agree {@code permessage-deflate} (with each side on its own:
     * the proxy inflates to inspect and deflates again); off, the client's offer is dropped and
     * messages cross uncompressed. Default on.
     */
    public boolean webSocketCompression() {
        return webSocketCompression;
    }

    /**
     * Whether a partial response (206) whose body the filter would inspect is replaced by the
     * whole representation: the proxy asks the upstream again without {@code Range}, so that a
     * value cannot escape inspection by being fetched in pieces (PROXY.md, "Range requests").
     * Off, each part is inspected as the fragment it is. Default on.
     */
    public boolean widenRanges() {
        return widenRanges;
    }

    /**
     * The longest request body let through, 0 for no limit: a request declaring more is answered
     * 413 before the upstream is called, one that streams past it is cut there (413 while no
     * response has begun, a reset after), as {@code client_max_body_size} and ModSecurity's
     * {@code SecRequestBodyLimit} do.
     */
    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    public int ioThreads() {
        return ioThreads;
    }

    /** Builds a {@link ProxyConfig}; each setting may be set once, and {@link #upstream} is required. */
    public static final class Builder {
        private String listenHost;
        private Integer listenPort;
        private URI upstream;
        private UpstreamProtocol upstreamProtocol;
        private UpstreamTls upstreamTls;
        private ServerTls serverTls;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration idleTimeout;
        private Duration streamIdleTimeout;
        private Duration requestHeadTimeout;
        private Integer upstreamPoolSize;
        private Long maxHeldBodyBytes;
        private FailMode failMode;
        private Set<String> allowedMethods;
        private Set<String> allowedContentTypes;
        private Set<HttpProtocol> allowedHttpVersions;
        private Integer maxInitialLineBytes;
        private Integer maxHeaderBytes;
        private Integer maxConnections;
        private Integer maxConcurrentStreams;
        private Integer ioThreads;
        private Boolean webSocketCompression;
        private Boolean widenRanges;
        private EscapedSlashAction pathWithEscapedSlashes;
        private long maxRequestBodyBytes;

        private Builder() {
        }

        /** Sets host and port; {@code port} 0 picks a free port. */
        public Builder listen(String host, int port) {
            requireUnset("listen", listenHost, host + ":" + port);
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("listen host must not be blank");
            }
            this.listenHost = host;
            this.listenPort = checkRange("listen port", port, 0, 65535);
            return this;
        }

        /** Reads {@code host:port} ({@code [v6]:port} for IPv6), as {@code SLUICE_LISTEN} gives it. */
        public Builder listen(String hostPort) {
            Objects.requireNonNull(hostPort, "hostPort");
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("listen must be host:port, got '" + hostPort + "'");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("listen port is not a number in '" + hostPort + "'", e);
            }
            return listen(host, port);
        }

        /**
         * The upstream, {@code http://host[:port]} or {@code https://host[:port]} (TLS, see
         * {@link #upstreamTls}); a path, query or user part is refused.
         */
        public Builder upstream(String url) {
            requireUnset("upstream", upstream, url);
            URI u;
            try {
                u = new URI(Objects.requireNonNull(url, "url").strip());
            } catch (java.net.URISyntaxException e) {
                // The parser's message quotes the input, which may carry a password: say only where.
                throw new IllegalArgumentException("upstream is not a URL (error at index " + e.getIndex() + ")", e);
            }
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("upstream must be an http:// or https:// URL, got scheme "
                        + u.getScheme());
            }
            if (u.getHost() == null || u.getHost().isEmpty()) {
                throw new IllegalArgumentException("upstream has no host");
            }
            if ((u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("upstream must be " + scheme + "://host[:port] only (no user "
                        + "info, path, query or fragment)");
            }
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
            this.upstream = URI.create(scheme + "://" + (u.getHost().contains(":") && !u.getHost().startsWith("[")
                    ? "[" + u.getHost() + "]" : u.getHost()) + ":" + port);
            return this;
        }

        /** How to speak TLS to an {@code https://} upstream (default {@link UpstreamTls#systemTrust()}). */
        public Builder upstreamTls(UpstreamTls tls) {
            requireUnset("upstreamTls", upstreamTls, tls);
            this.upstreamTls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** Serves clients over TLS (HTTP/1.1, and HTTP/2 chosen by ALPN when allowed) instead of cleartext. */
        public Builder serverTls(ServerTls tls) {
            requireUnset("serverTls", serverTls, tls);
            this.serverTls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        public Builder upstreamProtocol(UpstreamProtocol protocol) {
            requireUnset("upstreamProtocol", upstreamProtocol, protocol);
            this.upstreamProtocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            requireUnset("connectTimeout", connectTimeout, timeout);
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            requireUnset("readTimeout", readTimeout, timeout);
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            requireUnset("idleTimeout", idleTimeout, timeout);
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        public Builder streamIdleTimeout(Duration timeout) {
            requireUnset("streamIdleTimeout", streamIdleTimeout, timeout);
            this.streamIdleTimeout = positive("streamIdleTimeout", timeout);
            return this;
        }

        public Builder requestHeadTimeout(Duration timeout) {
            requireUnset("requestHeadTimeout", requestHeadTimeout, timeout);
            this.requestHeadTimeout = positive("requestHeadTimeout", timeout);
            return this;
        }

        public Builder upstreamPoolSize(int size) {
            requireUnset("upstreamPoolSize", upstreamPoolSize, size);
            this.upstreamPoolSize = checkRange("upstreamPoolSize", size, 0, 100_000);
            return this;
        }

        public Builder maxHeldBodyBytes(long bytes) {
            requireUnset("maxHeldBodyBytes", maxHeldBodyBytes, bytes);
            if (bytes < 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxHeldBodyBytes must be 0 to " + Integer.MAX_VALUE
                        + ", got " + bytes);
            }
            this.maxHeldBodyBytes = bytes;
            return this;
        }

        public Builder failMode(FailMode mode) {
            requireUnset("failMode", failMode, mode);
            this.failMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Method names (tokens, case-sensitive as HTTP defines them: {@code GET}, {@code POST}). */
        public Builder allowedMethods(Collection<String> methods) {
            requireUnset("allowedMethods", allowedMethods, methods);
            Set<String> out = new TreeSet<>();
            for (String m : methods) {
                String s = m.strip();
                if (s.isEmpty() || !isToken(s)) {
                    throw new IllegalArgumentException("not an HTTP method name: '" + m + "'");
                }
                out.add(s);
            }
            this.allowedMethods = Set.copyOf(out);
            return this;
        }

        /** Media types {@code type/subtype}; parameters after {@code ;} are ignored, case is folded. */
        public Builder allowedRequestContentTypes(Collection<String> mediaTypes) {
            requireUnset("allowedRequestContentTypes", allowedContentTypes, mediaTypes);
            Set<String> out = new TreeSet<>();
            for (String t : mediaTypes) {
                String s = MediaTypes.essence(t);
                int slash = s.indexOf('/');
                if (slash <= 0 || slash == s.length() - 1 || !isToken(s.substring(0, slash))
                        || !isToken(s.substring(slash + 1))) {
                    throw new IllegalArgumentException("not a media type: '" + t + "'");
                }
                out.add(s);
            }
            this.allowedContentTypes = Set.copyOf(out);
            return this;
        }

        public Builder allowedHttpVersions(Collection<HttpProtocol> versions) {
            requireUnset("allowedHttpVersions", allowedHttpVersions, versions);
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("allowedHttpVersions must not be empty");
            }
            this.allowedHttpVersions = Set.copyOf(EnumSet.copyOf(versions));
            return this;
        }

        public Builder maxInitialLineBytes(int bytes) {
            requireUnset("maxInitialLineBytes", maxInitialLineBytes, bytes);
            this.maxInitialLineBytes = checkRange("maxInitialLineBytes", bytes, 256, 1024 * 1024);
            return this;
        }

        public Builder maxHeaderBytes(int bytes) {
            requireUnset("maxHeaderBytes", maxHeaderBytes, bytes);
            this.maxHeaderBytes = checkRange("maxHeaderBytes", bytes, 1024, 1024 * 1024);
            return this;
        }

        public Builder maxConnections(int connections) {
            requireUnset("maxConnections", maxConnections, connections);
            this.maxConnections = checkRange("maxConnections", connections, 1, 10_000_000);
            return this;
        }

        public Builder maxConcurrentStreams(int streams) {
            requireUnset("maxConcurrentStreams", maxConcurrentStreams, streams);
            this.maxConcurrentStreams = checkRange("maxConcurrentStreams", streams, 1, 100_000);
            return this;
        }

        /** I/O threads; each owns its connections, exchanges and upstream pool. */
        public Builder ioThreads(int threads) {
            requireUnset("ioThreads", ioThreads, threads);
            this.ioThreads = checkRange("ioThreads", threads, 1, 1024);
            return this;
        }

        public Builder webSocketCompression(boolean on) {
            requireUnset("webSocketCompression", webSocketCompression, on);
            this.webSocketCompression = on;
            return this;
        }

        public Builder widenRanges(boolean on) {
            requireUnset("widenRanges", widenRanges, on);
            this.widenRanges = on;
            return this;
        }

        public Builder pathWithEscapedSlashes(EscapedSlashAction action) {
            requireUnset("pathWithEscapedSlashes", pathWithEscapedSlashes, action);
            this.pathWithEscapedSlashes = java.util.Objects.requireNonNull(action, "action");
            return this;
        }

        /** The longest request body let through (0, the default: no limit). */
        public Builder maxRequestBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0, got " + bytes);
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        public ProxyConfig build() {
            if (upstream == null) {
                throw new IllegalStateException("upstream is required");
            }
            if (upstreamTls != null && !"https".equals(upstream.getScheme())) {
                throw new IllegalArgumentException("upstream TLS settings need an https:// upstream, got " + upstream);
            }
            return new ProxyConfig(this);
        }

        private static void requireUnset(String name, Object current, Object wanted) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current + "; cannot set it to "
                        + wanted);
            }
        }

        private static int checkRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", got " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        private static boolean isToken(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return !s.isEmpty();
        }
    }

    @Override
    public String toString() {
        return "ProxyConfig[listen=" + listenHost + ":" + listenPort + ", upstream=" + upstream + ", "
                + upstreamProtocol + ", timeouts(connect=" + connectTimeout + ", read=" + readTimeout + ", idle="
                + idleTimeout + ", streamIdle=" + streamIdleTimeout + "), pool=" + upstreamPoolSize + ", maxHeld=" + maxHeldBodyBytes + ", failMode="
                + failMode + ", methods=" + allowedMethods + ", contentTypes=" + allowedRequestContentTypes
                + ", versions=" + allowedHttpVersions + ", tls(listener=" + serverTls + ", upstream=" + upstreamTls
                + "), websocketCompression=" + webSocketCompression + ", widenRanges=" + widenRanges
                + ", escapedSlashes=" + pathWithEscapedSlashes.label() + ", maxRequestBody=" + maxRequestBodyBytes + "]";
    }
}
