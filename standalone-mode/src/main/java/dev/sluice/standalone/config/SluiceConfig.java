package dev.sluice.standalone.config;

import dev.sluice.connector.ConsoleSettings;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.policy.ByteSize;
import dev.sluice.policy.Mode;
import dev.sluice.standalone.proxy.EscapedSlashAction;
import dev.sluice.standalone.proxy.ProxyConfig;
import dev.sluice.standalone.proxy.ServerTls;
import dev.sluice.standalone.proxy.UpstreamTls;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What {@code sluice serve} runs with; immutable, made by {@link #builder()} (or read by
 * {@link SluiceConfigLoader}). Defaults:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>backend (the proxy's upstream)</td><td>none: the proxy needs one, ext_proc and SPOE do not</td></tr>
 *   <tr><td>mode</td><td>none: the policy file's {@code mode} (enforce when it has none)</td></tr>
 *   <tr><td>policy file</td><td>none: the embedded default policy</td></tr>
 *   <tr><td>TLS on the proxy's listener</td><td>none (cleartext)</td></tr>
 *   <tr><td>TLS to an https backend</td><td>the JDK's trust store, no client certificate, the backend's host verified</td></tr>
 *   <tr><td>TLS files read again</td><td>every 30 s</td></tr>
 *   <tr><td>proxy / ext_proc / SPOE listen</td><td>{@code 0.0.0.0:8080} / {@code 0.0.0.0:50051} / {@code 0.0.0.0:12345}</td></tr>
 *   <tr><td>SPOE frame size / hello timeout / idle timeout</td><td>1 MiB / 10 s / 5 min</td></tr>
 *   <tr><td>admin listen</td><td>{@code 127.0.0.1:9464}; a non-loopback address needs {@link Builder#adminAllowNonLoopback}</td></tr>
 *   <tr><td>allowed methods, request content types</td><td>any</td></tr>
 *   <tr><td>allowed HTTP versions</td><td>HTTP/1.0, HTTP/1.1, HTTP/2</td></tr>
 *   <tr><td>max inspected / held / message / decompressed bytes</td><td>32 MiB / 1 MiB / 4 MiB / 64 MiB</td></tr>
 *   <tr><td>descriptor sets</td><td>none</td></tr>
 *   <tr><td>gRPC reflection</td><td>off; 2 s per lookup when on</td></tr>
 *   <tr><td>events</td><td>stdout, a queue of 8192 events</td></tr>
 *   <tr><td>hash key file</td><td>none: a random key per process</td></tr>
 *   <tr><td>console</td><td>none; with a URL: spool {@code sluice-spool} of 256 MiB, no policy sync, poll every 30 s</td></tr>
 * </table>
 */
public final class SluiceConfig {
    public static final HostPort DEFAULT_PROXY_LISTEN = new HostPort("0.0.0.0", 8080);
    public static final HostPort DEFAULT_EXTPROC_LISTEN = new HostPort("0.0.0.0", 50051);
    public static final HostPort DEFAULT_SPOE_LISTEN = new HostPort("0.0.0.0", 12345);
    public static final HostPort DEFAULT_ADMIN_LISTEN = new HostPort("127.0.0.1", 9464);
    public static final Duration DEFAULT_TLS_RELOAD_INTERVAL = Duration.ofSeconds(30);
    static final long MIN_TLS_RELOAD_SECONDS = 1;
    static final long MAX_SIZE = 1L << 40;
    /** The smallest process-wide hold: one held body of the default size. */
    static final long MIN_HELD_TOTAL = 1L << 20;
    /** HAProxy's frames fit its {@code tune.bufsize} (16 KiB by default); an agent needs at least a few KiB to answer. */
    static final long MIN_SPOE_FRAME_SIZE = 4 << 10;
    static final long MAX_SPOE_FRAME_SIZE = 16 << 20;

    private final URI backend;
    private final Mode mode;
    private final Path policyFile;
    private final HostPort proxyListen;
    private final Path tlsCertFile;
    private final Path tlsKeyFile;
    private final Path tlsClientCaFile;
    private final Duration tlsReloadInterval;
    private final Path backendCaFile;
    private final Path backendCertFile;
    private final Path backendKeyFile;
    private final String backendServerName;
    private final HostPort extprocListen;
    private final HostPort spoeListen;
    private final int spoeMaxFrameSize;
    private final Duration spoeHelloTimeout;
    private final Duration spoeIdleTimeout;
    private final HostPort adminListen;
    private final boolean adminAllowNonLoopback;
    private final List<String> allowedMethods;
    private final List<String> allowedRequestContentTypes;
    private final Set<HttpProtocol> allowedHttpVersions;
    private final boolean webSocketCompression;
    private final boolean widenRanges;
    private final EscapedSlashAction pathWithEscapedSlashes;
    private final long maxRequestBodyBytes;
    private final long maxInspectedBytes;
    private final long maxHeldBodyBytes;
    private final long maxHeldTotalBytes;
    private final int streamedTextHoldBytes;
    private final int maxMessageBytes;
    private final long maxDecompressedBytes;
    private final List<Path> descriptorSets;
    private final boolean grpcReflection;
    private final Duration grpcReflectionTimeout;
    private final Map<ProxyTimeout, Duration> proxyTimeouts;
    private final EventsOutput events;
    private final int eventsQueueCapacity;
    private final EventFileRotation eventsRotation;
    private final Path hashKeyFile;
    private final ConsoleOptions console;

    private SluiceConfig(Builder b) {
        this.backend = b.backend;
        this.mode = b.mode;
        this.policyFile = b.policyFile;
        this.proxyListen = or(b.proxyListen, DEFAULT_PROXY_LISTEN);
        this.tlsCertFile = b.tlsCertFile;
        this.tlsKeyFile = b.tlsKeyFile;
        this.tlsClientCaFile = b.tlsClientCaFile;
        this.tlsReloadInterval = or(b.tlsReloadInterval, DEFAULT_TLS_RELOAD_INTERVAL);
        this.backendCaFile = b.backendCaFile;
        this.backendCertFile = b.backendCertFile;
        this.backendKeyFile = b.backendKeyFile;
        this.backendServerName = b.backendServerName;
        this.extprocListen = or(b.extprocListen, DEFAULT_EXTPROC_LISTEN);
        this.spoeListen = or(b.spoeListen, DEFAULT_SPOE_LISTEN);
        this.spoeMaxFrameSize = or(b.spoeMaxFrameSize, 1 << 20);
        this.spoeHelloTimeout = or(b.spoeHelloTimeout, Duration.ofSeconds(10));
        this.spoeIdleTimeout = or(b.spoeIdleTimeout, Duration.ofMinutes(5));
        this.adminListen = or(b.adminListen, DEFAULT_ADMIN_LISTEN);
        this.adminAllowNonLoopback = or(b.adminAllowNonLoopback, false);
        this.allowedMethods = or(b.allowedMethods, List.of());
        this.allowedRequestContentTypes = or(b.allowedRequestContentTypes, List.of());
        this.allowedHttpVersions = or(b.allowedHttpVersions, Set.copyOf(EnumSet.allOf(HttpProtocol.class)));
        this.webSocketCompression = or(b.webSocketCompression, true);
        this.widenRanges = or(b.widenRanges, true);
        this.pathWithEscapedSlashes = or(b.pathWithEscapedSlashes, EscapedSlashAction.KEEP_UNCHANGED);
        this.maxRequestBodyBytes = or(b.maxRequestBodyBytes, 0L);
        this.maxInspectedBytes = or(b.maxInspectedBytes, 32L << 20);
        this.maxHeldBodyBytes = or(b.maxHeldBodyBytes, 1L << 20);
        this.maxHeldTotalBytes = or(b.maxHeldTotalBytes, defaultHeldTotal());
        this.streamedTextHoldBytes = or(b.streamedTextHoldBytes, 0);
        this.maxMessageBytes = or(b.maxMessageBytes, 4 << 20);
        this.maxDecompressedBytes = or(b.maxDecompressedBytes, 64L << 20);
        this.descriptorSets = or(b.descriptorSets, List.of());
        this.grpcReflection = or(b.grpcReflection, false);
        this.grpcReflectionTimeout = or(b.grpcReflectionTimeout, Duration.ofSeconds(2));
        this.proxyTimeouts = Map.copyOf(b.proxyTimeouts);
        this.events = or(b.events, EventsOutput.STDOUT);
        this.eventsQueueCapacity = or(b.eventsQueueCapacity, 8192);
        this.eventsRotation = new EventFileRotation(
                or(b.eventsMaxFileBytes, EventFileRotation.DEFAULT.maxFileBytes()),
                or(b.eventsKeepFiles, EventFileRotation.DEFAULT.keepFiles()),
                or(b.eventsCompressRotated, EventFileRotation.DEFAULT.compress()));
        this.hashKeyFile = b.hashKeyFile;
        this.console = b.consoleUrl == null ? null : new ConsoleOptions(b.consoleUrl, b.consoleApiKeyFile,
                Optional.ofNullable(b.consoleCaFile), or(b.consoleSpoolDir, ConsoleOptions.DEFAULT_SPOOL_DIR),
                or(b.consoleMaxSpoolBytes, ConsoleSettings.DEFAULT_SPOOL_BYTES), or(b.consolePolicySync, false),
                or(b.consolePolicyPollInterval, ConsoleSettings.DEFAULT_POLICY_POLL_INTERVAL));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, as with an empty {@code sluice.yaml} and no environment. */
    public static SluiceConfig defaults() {
        return builder().build();
    }

    /** The proxy's upstream, {@code http://host:port}; empty when not configured. */
    public Optional<URI> backend() {
        return Optional.ofNullable(backend);
    }

    /** The mode that overrides the policy's; empty leaves the policy's own. */
    public Optional<Mode> mode() {
        return Optional.ofNullable(mode);
    }

    /** The policy file; empty means the embedded default policy. */
    public Optional<Path> policyFile() {
        return Optional.ofNullable(policyFile);
    }

    public HostPort proxyListen() {
        return proxyListen;
    }

    public HostPort extprocListen() {
        return extprocListen;
    }

    public HostPort spoeListen() {
        return spoeListen;
    }

    /** The largest SPOP frame the agent reads; HAProxy may offer less, and the smaller one is agreed. */
    public int spoeMaxFrameSize() {
        return spoeMaxFrameSize;
    }

    /** How long a new SPOE connection may take to say HAPROXY-HELLO. */
    public Duration spoeHelloTimeout() {
        return spoeHelloTimeout;
    }

    /** How long a SPOE connection may stay without a frame; HAProxy's {@code timeout idle} should be shorter. */
    public Duration spoeIdleTimeout() {
        return spoeIdleTimeout;
    }

    /** Loopback unless {@link #adminAllowNonLoopback()}. */
    public HostPort adminListen() {
        return adminListen;
    }

    public boolean adminAllowNonLoopback() {
        return adminAllowNonLoopback;
    }

    /** Method names allowed through the proxy, sorted; empty allows any. */
    public List<String> allowedMethods() {
        return allowedMethods;
    }

    /** Request media types ({@code type/subtype}) allowed through the proxy, sorted; empty allows any. */
    public List<String> allowedRequestContentTypes() {
        return allowedRequestContentTypes;
    }

    public Set<HttpProtocol> allowedHttpVersions() {
        return allowedHttpVersions;
    }

    /** Body bytes inspected per message; the rest passes uninspected (outcome INSPECTED_BYTES_LIMIT). */
    public long maxInspectedBytes() {
        return maxInspectedBytes;
    }

    /** Body bytes the proxy holds for one message that waits for its verdict. */
    public long maxHeldBodyBytes() {
        return maxHeldBodyBytes;
    }

    /** The body bytes every exchange together may hold ({@link HeldMemory}). */
    public long maxHeldTotalBytes() {
        return maxHeldTotalBytes;
    }

    /**
     * A quarter of the heap: room for the held bodies of a burst of uploads, leaving the rest to
     * what every connection keeps anyway (buffers, inspection state) and to the collector.
     */
    static long defaultHeldTotal() {
        return Math.max(MIN_HELD_TOTAL, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Bytes of text streamed across events a redacting session holds back (0: none). */
    public int streamedTextHoldBytes() {
        return streamedTextHoldBytes;
    }

    /** The longest gRPC / protobuf message walked field by field. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Decompressed bytes per body. */
    public long maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    /** FileDescriptorSet files for schema-aware gRPC decoding. */
    public List<Path> descriptorSets() {
        return descriptorSets;
    }

    public boolean grpcReflection() {
        return grpcReflection;
    }

    /** Whether the proxy agrees {@code permessage-deflate} on WebSocket upgrades (PROXY.md, "WebSocket"). */
    public boolean webSocketCompression() {
        return webSocketCompression;
    }

    /** Whether the proxy answers a range request for an inspected body with the whole representation (PROXY.md, "Range requests"). */
    public boolean widenRanges() {
        return widenRanges;
    }

    /** {@code proxy.path_with_escaped_slashes}: what a path holding {@code %2F} or {@code %5C} gets. */
    public EscapedSlashAction pathWithEscapedSlashes() {
        return pathWithEscapedSlashes;
    }

    /** The longest request body the proxy lets through (413 past it); 0 for no limit (PROXY.md, "Request body size"). */
    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** The proxy timeouts set in the file or the environment; the others keep the proxy's defaults. */
    public Map<ProxyTimeout, Duration> proxyTimeouts() {
        return proxyTimeouts;
    }

    /** How long one reflection lookup may take. */
    public Duration grpcReflectionTimeout() {
        return grpcReflectionTimeout;
    }

    public EventsOutput events() {
        return events;
    }

    /** Events waiting for the writer; more are dropped (and counted), never waited for. */
    public int eventsQueueCapacity() {
        return eventsQueueCapacity;
    }

    /** Where events go, as a start-up line says it: {@code stdout}, {@code /var/log/sluice/events.jsonl (rotated at 256MiB, 4 kept)}. */
    public String describeEvents() {
        if (events.isStdout()) {
            return events.toString();
        }
        return events + (eventsRotation.limited() ? " (rotated at " + ByteSize.format(eventsRotation.maxFileBytes())
                + ", " + eventsRotation.keepFiles() + " kept)" : " (rotated by logrotate, not Sluice)");
    }

    /** How large the event log's file grows and how many rotated files are kept (for a file output). */
    public EventFileRotation eventsRotation() {
        return eventsRotation;
    }

    /** The file holding the keyed-hash key; empty means a random key per process ({@link HashKey}). */
    /** The listener's certificate chain; present when clients speak TLS. */
    public Optional<Path> tlsCertFile() {
        return Optional.ofNullable(tlsCertFile);
    }

    /** The CAs client certificates must chain to; present when the listener requires them. */
    public Optional<Path> tlsClientCaFile() {
        return Optional.ofNullable(tlsClientCaFile);
    }

    /** How often the TLS files (listener and backend) are read again for renewed certificates. */
    public Duration tlsReloadInterval() {
        return tlsReloadInterval;
    }

    public Optional<Path> hashKeyFile() {
        return Optional.ofNullable(hashKeyFile);
    }

    /** The link to a central console; empty when {@code console.url} is not set. */
    public Optional<ConsoleOptions> console() {
        return Optional.ofNullable(console);
    }

    /** The inspector's limits: the defaults of {@link InspectionLimits} with this file's sizes. */
    public InspectionLimits inspectionLimits() {
        return InspectionLimits.builder()
                .maxInspectedBytes(maxInspectedBytes)
                .maxMessageBytes(maxMessageBytes)
                .maxDecompressedBytes(maxDecompressedBytes)
                .streamedTextHoldBytes(streamedTextHoldBytes)
                .build();
    }

    /**
     * A proxy builder with this configuration's listen address, backend, TLS, restrictions and
     * held-body limit set; the caller may set the rest (timeouts, pools) and builds it. The TLS
     * files are read here, at startup, like the policy and key files.
     *
     * @throws IllegalStateException    when no backend is configured
     * @throws IllegalArgumentException when a TLS file cannot be read or used (the message names the section)
     */
    public ProxyConfig.Builder proxyConfigBuilder() {
        if (backend == null) {
            throw new IllegalStateException("the proxy needs a backend: set BACKEND or 'backend' in sluice.yaml");
        }
        ProxyConfig.Builder b = ProxyConfig.builder()
                .listen(proxyListen.host(), proxyListen.port())
                .upstream(backend.toString())
                .allowedHttpVersions(allowedHttpVersions)
                .webSocketCompression(webSocketCompression)
                .widenRanges(widenRanges)
                .pathWithEscapedSlashes(pathWithEscapedSlashes)
                .maxRequestBodyBytes(maxRequestBodyBytes)
                .maxHeldBodyBytes(maxHeldBodyBytes);
        proxyTimeouts.forEach((t, d) -> t.apply(b, d));
        if (tlsCertFile != null) {
            b.serverTls(tlsFiles("tls", () -> ServerTls.fromPem(tlsCertFile, tlsKeyFile, tlsClientCaFile)));
        }
        if ("https".equals(backend.getScheme())) {
            b.upstreamTls(tlsFiles("backend_tls", () -> UpstreamTls.fromPem(backendCaFile, backendCertFile,
                    backendKeyFile, backendServerName)));
        }
        if (!allowedMethods.isEmpty()) {
            b.allowedMethods(allowedMethods);
        }
        if (!allowedRequestContentTypes.isEmpty()) {
            b.allowedRequestContentTypes(allowedRequestContentTypes);
        }
        return b;
    }

    private static <T> T tlsFiles(String section, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(section + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SluiceConfig[backend=" + backend + ", mode=" + (mode == null ? "policy" : mode.label())
                + ", policy=" + (policyFile == null ? "embedded" : policyFile) + ", listen=" + proxyListen
                + ", extproc=" + extprocListen + ", spoe=" + spoeListen + "(frame=" + ByteSize.format(spoeMaxFrameSize)
                + ", hello=" + spoeHelloTimeout + ", idle=" + spoeIdleTimeout + "), admin=" + adminListen
                + ", methods=" + allowedMethods + ", contentTypes=" + allowedRequestContentTypes
                + ", versions=" + allowedHttpVersions + ", websocketCompression=" + webSocketCompression + ", widenRanges=" + widenRanges
                + ", maxRequestBody=" + (maxRequestBodyBytes == 0 ? "none" : ByteSize.format(maxRequestBodyBytes))
                + ", limits(inspected=" + ByteSize.format(maxInspectedBytes)
                + ", held=" + ByteSize.format(maxHeldBodyBytes) + ", heldTotal=" + ByteSize.format(maxHeldTotalBytes)
                + ", streamedTextHold="
                + ByteSize.format(streamedTextHoldBytes) + ", message=" + ByteSize.format(maxMessageBytes)
                + ", decompressed=" + ByteSize.format(maxDecompressedBytes) + "), descriptorSets="
                + descriptorSets.size() + ", reflection=" + (grpcReflection ? grpcReflectionTimeout : "off")
                + ", events=" + describeEvents() + ", hashKey=" + (hashKeyFile == null ? "generated" : "file")
                + ", console=" + (console == null ? "off" : console.url()) + ", tls=" + (tlsCertFile == null ? "off"
                : tlsClientCaFile == null ? "on" : "mutual") + ", backendTls=" + (backendCaFile != null ? "ca file"
                : "default") + (backendCertFile != null ? "+client certificate" : "") + "]";
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /**
     * Builds a {@link SluiceConfig}. Each setting may be set once (a second call names the first
     * value); values are checked as they are set, and {@link #build()} checks the admin address.
     */
    public static final class Builder {
        private URI backend;
        private Mode mode;
        private Path policyFile;
        private HostPort proxyListen;
        private HostPort extprocListen;
        private HostPort spoeListen;
        private Integer spoeMaxFrameSize;
        private Duration spoeHelloTimeout;
        private Duration spoeIdleTimeout;
        private HostPort adminListen;
        private Boolean adminAllowNonLoopback;
        private List<String> allowedMethods;
        private List<String> allowedRequestContentTypes;
        private Set<HttpProtocol> allowedHttpVersions;
        private Long maxInspectedBytes;
        private Long maxHeldBodyBytes;
        private Long maxHeldTotalBytes;
        private Integer streamedTextHoldBytes;
        private Integer maxMessageBytes;
        private Long maxDecompressedBytes;
        private List<Path> descriptorSets;
        private Boolean grpcReflection;
        private Boolean webSocketCompression;
        private Boolean widenRanges;
        private EscapedSlashAction pathWithEscapedSlashes;
        private Long maxRequestBodyBytes;
        private Duration grpcReflectionTimeout;
        private final Map<ProxyTimeout, Duration> proxyTimeouts = new EnumMap<>(ProxyTimeout.class);
        private EventsOutput events;
        private Integer eventsQueueCapacity;
        private Long eventsMaxFileBytes;
        private Integer eventsKeepFiles;
        private Boolean eventsCompressRotated;
        private Path hashKeyFile;
        private String consoleUrl;
        private Path consoleApiKeyFile;
        private Path tlsCertFile;
        private Path tlsKeyFile;
        private Path tlsClientCaFile;
        private Duration tlsReloadInterval;
        private Path backendCaFile;
        private Path backendCertFile;
        private Path backendKeyFile;
        private String backendServerName;
        private Path consoleCaFile;
        private Path consoleSpoolDir;
        private Long consoleMaxSpoolBytes;
        private Boolean consolePolicySync;
        private Duration consolePolicyPollInterval;

        private Builder() {
        }

        /**
         * The proxy's upstream, {@code http://host[:port]}. The message of a refusal never repeats
         * the URL, which may carry credentials.
         */
        public Builder backend(String url) {
            once("backend", backend);
            String s = Objects.requireNonNull(url, "url").strip();
            // A host never holds '@': refusing it keeps user:password out of the URL and of every message.
            if (s.indexOf('@') >= 0) {
                throw new IllegalArgumentException("must be http://host[:port] without user or password");
            }
            try {
                this.backend = ProxyConfig.builder().upstream(s).build().upstream();
            } catch (IllegalArgumentException e) {
                // Not chained: the proxy's message repeats the URL, whose query may hold a secret.
                throw new IllegalArgumentException("must be http://host[:port] (cleartext http, no path or query)");
            }
            return this;
        }

        public Builder mode(Mode m) {
            once("mode", mode);
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        public Builder policyFile(Path file) {
            once("policyFile", policyFile);
            this.policyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder proxyListen(HostPort listen) {
            once("proxyListen", proxyListen);
            this.proxyListen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        public Builder extprocListen(HostPort listen) {
            once("extprocListen", extprocListen);
            this.extprocListen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        public Builder spoeListen(HostPort listen) {
            once("spoeListen", spoeListen);
            this.spoeListen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        /** 4 KiB to 16 MiB. */
        public Builder spoeMaxFrameSize(long bytes) {
            once("spoeMaxFrameSize", spoeMaxFrameSize);
            this.spoeMaxFrameSize = (int) size(bytes, MIN_SPOE_FRAME_SIZE, MAX_SPOE_FRAME_SIZE);
            return this;
        }

        /** 1 ms to 1 h, as every timeout. */
        public Builder spoeHelloTimeout(Duration timeout) {
            once("spoeHelloTimeout", spoeHelloTimeout);
            this.spoeHelloTimeout = ProxyTimeout.check(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /** 1 ms to 1 h, as every timeout. */
        public Builder spoeIdleTimeout(Duration timeout) {
            once("spoeIdleTimeout", spoeIdleTimeout);
            this.spoeIdleTimeout = ProxyTimeout.check(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        public Builder adminListen(HostPort listen) {
            once("adminListen", adminListen);
            this.adminListen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        /** Lets the admin endpoint listen on a non-loopback address: metrics would be reachable from outside. */
        public Builder adminAllowNonLoopback(boolean allow) {
            once("adminAllowNonLoopback", adminAllowNonLoopback);
            this.adminAllowNonLoopback = allow;
            return this;
        }

        /** HTTP method names ({@code GET}, {@code POST}); checked as the proxy checks them. */
        public Builder allowedMethods(Collection<String> methods) {
            once("allowedMethods", allowedMethods);
            this.allowedMethods = List.copyOf(new TreeSet<>(ProxyConfig.builder().allowedMethods(methods)
                    .upstream("http://x").build().allowedMethods()));
            return this;
        }

        /** Media types {@code type/subtype}; parameters dropped, case folded, as the proxy does. */
        public Builder allowedRequestContentTypes(Collection<String> mediaTypes) {
            once("allowedRequestContentTypes", allowedRequestContentTypes);
            this.allowedRequestContentTypes = List.copyOf(new TreeSet<>(ProxyConfig.builder()
                    .allowedRequestContentTypes(mediaTypes).upstream("http://x").build().allowedRequestContentTypes()));
            return this;
        }

        public Builder allowedHttpVersions(Collection<HttpProtocol> versions) {
            once("allowedHttpVersions", allowedHttpVersions);
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("must name at least one HTTP version");
            }
            this.allowedHttpVersions = Set.copyOf(EnumSet.copyOf(versions));
            return this;
        }

        public Builder maxInspectedBytes(long bytes) {
            once("maxInspectedBytes", maxInspectedBytes);
            this.maxInspectedBytes = size(bytes, 1, MAX_SIZE);
            return this;
        }

        /** The longest request body let through, 0 (the default) for no limit. */
        public Builder maxRequestBodyBytes(long bytes) {
            once("maxRequestBodyBytes", maxRequestBodyBytes);
            this.maxRequestBodyBytes = size(bytes, 0, MAX_SIZE);
            return this;
        }

        public Builder maxHeldBodyBytes(long bytes) {
            once("maxHeldBodyBytes", maxHeldBodyBytes);
            this.maxHeldBodyBytes = size(bytes, 0, Integer.MAX_VALUE);
            return this;
        }

        public Builder maxHeldTotalBytes(long bytes) {
            once("maxHeldTotalBytes", maxHeldTotalBytes);
            this.maxHeldTotalBytes = size(bytes, MIN_HELD_TOTAL, MAX_SIZE);
            return this;
        }

        public Builder streamedTextHoldBytes(long bytes) {
            once("streamedTextHoldBytes", streamedTextHoldBytes);
            this.streamedTextHoldBytes = (int) size(bytes, 0, InspectionLimits.MAX_STREAMED_TEXT_HOLD);
            return this;
        }

        public Builder maxMessageBytes(long bytes) {
            once("maxMessageBytes", maxMessageBytes);
            this.maxMessageBytes = (int) size(bytes, 1, Integer.MAX_VALUE - 1);
            return this;
        }

        public Builder maxDecompressedBytes(long bytes) {
            once("maxDecompressedBytes", maxDecompressedBytes);
            this.maxDecompressedBytes = size(bytes, 1, MAX_SIZE);
            return this;
        }

        public Builder descriptorSets(Collection<Path> files) {
            once("descriptorSets", descriptorSets);
            this.descriptorSets = List.copyOf(files);
            return this;
        }

        public Builder webSocketCompression(boolean on) {
            once("webSocketCompression", webSocketCompression);
            this.webSocketCompression = on;
            return this;
        }

        public Builder pathWithEscapedSlashes(EscapedSlashAction action) {
            once("pathWithEscapedSlashes", pathWithEscapedSlashes);
            this.pathWithEscapedSlashes = java.util.Objects.requireNonNull(action, "action");
            return this;
        }

        public Builder widenRanges(boolean on) {
            once("widenRanges", widenRanges);
            this.widenRanges = on;
            return this;
        }

        public Builder grpcReflection(boolean on) {
            once("grpcReflection", grpcReflection);
            this.grpcReflection = on;
            return this;
        }

        /** 1 ms to 60 s, as the reflection resolver accepts. */
        public Builder grpcReflectionTimeout(Duration timeout) {
            once("grpcReflectionTimeout", grpcReflectionTimeout);
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("must be between 1ms and 60s");
            }
            this.grpcReflectionTimeout = timeout;
            return this;
        }

        /** 1 ms to 1 h. */
        public Builder proxyTimeout(ProxyTimeout timeout, Duration d) {
            Objects.requireNonNull(d, "duration");
            once(timeout.key(), proxyTimeouts.get(timeout));
            proxyTimeouts.put(timeout, ProxyTimeout.check(d));
            return this;
        }

        public Builder events(EventsOutput output) {
            once("events", events);
            this.events = Objects.requireNonNull(output, "output");
            return this;
        }

        public Builder eventsQueueCapacity(int capacity) {
            once("eventsQueueCapacity", eventsQueueCapacity);
            this.eventsQueueCapacity = (int) size(capacity, 16, 1 << 20);
            return this;
        }

        /** 0 (Sluice never rotates the file) or {@value EventFileRotation#MIN_FILE_BYTES} bytes to 1 TiB. */
        public Builder eventsMaxFileBytes(long bytes) {
            once("eventsMaxFileBytes", eventsMaxFileBytes);
            this.eventsMaxFileBytes = EventFileRotation.checkMaxFileBytes(bytes);
            return this;
        }

        /** Rotated files kept beside the event log's file, 1 to {@value EventFileRotation#MAX_KEEP_FILES}. */
        public Builder eventsKeepFiles(int files) {
            once("eventsKeepFiles", eventsKeepFiles);
            this.eventsKeepFiles = EventFileRotation.checkKeepFiles(files);
            return this;
        }

        /** Whether rotated event files are gzipped ({@link EventFileRotation#compress()}). */
        public Builder eventsCompressRotated(boolean compress) {
            once("eventsCompressRotated", eventsCompressRotated);
            this.eventsCompressRotated = compress;
            return this;
        }

        public Builder hashKeyFile(Path file) {
            once("hashKeyFile", hashKeyFile);
            this.hashKeyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** {@code https://host[:port][/prefix]} ({@code http} only to loopback), checked as the connector does. */
        public Builder consoleUrl(String url) {
            once("consoleUrl", consoleUrl);
            ConsoleSettings.builder().url(url);
            this.consoleUrl = url.strip();
            return this;
        }

        public Builder consoleApiKeyFile(Path file) {
            once("consoleApiKeyFile", consoleApiKeyFile);
            this.consoleApiKeyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The PEM certificate chain the proxy's listener presents; with {@link #tlsKeyFile}, clients speak TLS. */
        public Builder tlsCertFile(Path file) {
            once("tlsCertFile", tlsCertFile);
            this.tlsCertFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The PEM private key of {@link #tlsCertFile} (PKCS#8, PKCS#1 or SEC1). */
        public Builder tlsKeyFile(Path file) {
            once("tlsKeyFile", tlsKeyFile);
            this.tlsKeyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** PEM CA certificates a client certificate must chain to: mutual TLS on the listener. */
        public Builder tlsClientCaFile(Path file) {
            once("tlsClientCaFile", tlsClientCaFile);
            this.tlsClientCaFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** How often TLS files are read again ({@value #MIN_TLS_RELOAD_SECONDS} s to 1 h; default 30 s). */
        public Builder tlsReloadInterval(Duration every) {
            once("tlsReloadInterval", tlsReloadInterval);
            if (every.compareTo(Duration.ofSeconds(MIN_TLS_RELOAD_SECONDS)) < 0 || every.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("must be within " + MIN_TLS_RELOAD_SECONDS + "s..1h");
            }
            this.tlsReloadInterval = every;
            return this;
        }

        /** PEM CA certificates an https backend's certificate must chain to (instead of the JDK's). */
        public Builder backendCaFile(Path file) {
            once("backendCaFile", backendCaFile);
            this.backendCaFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** A client certificate (PEM chain) for an https backend that requires mutual TLS. */
        public Builder backendCertFile(Path file) {
            once("backendCertFile", backendCertFile);
            this.backendCertFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The PEM private key of {@link #backendCertFile} (PKCS#8, PKCS#1 or SEC1). */
        public Builder backendKeyFile(Path file) {
            once("backendKeyFile", backendKeyFile);
            this.backendKeyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The name sent (SNI) to an https backend and checked against its certificate (default: its host). */
        public Builder backendServerName(String name) {
            once("backendServerName", backendServerName);
            String n = Objects.requireNonNull(name, "name").strip();
            if (!UpstreamTls.isHostName(n)) {
                throw new IllegalArgumentException("must be a host name");
            }
            this.backendServerName = n;
            return this;
        }

        public Builder consoleCaFile(Path file) {
            once("consoleCaFile", consoleCaFile);
            this.consoleCaFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder consoleSpoolDir(Path dir) {
            once("consoleSpoolDir", consoleSpoolDir);
            this.consoleSpoolDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Checked as the connector checks it (1 MiB to 1 TiB). */
        public Builder consoleMaxSpoolBytes(long bytes) {
            once("consoleMaxSpoolBytes", consoleMaxSpoolBytes);
            ConsoleSettings.builder().maxSpoolBytes(bytes);
            this.consoleMaxSpoolBytes = bytes;
            return this;
        }

        public Builder consolePolicySync(boolean on) {
            once("consolePolicySync", consolePolicySync);
            this.consolePolicySync = on;
            return this;
        }

        /** Checked as the connector checks it (1 s to 1 h). */
        public Builder consolePolicyPollInterval(Duration d) {
            once("consolePolicyPollInterval", consolePolicyPollInterval);
            ConsoleSettings.builder().policyPollInterval(d);
            this.consolePolicyPollInterval = d;
            return this;
        }

        /**
         * @throws IllegalStateException when the admin address is not loopback and that was not
         *                               allowed, or the console settings do not go together
         */
        public SluiceConfig build() {
            String problem = adminListenProblem();
            if (problem != null) {
                throw new IllegalStateException("adminListen " + problem);
            }
            Map.Entry<Setting, String> console = consoleProblem();
            if (console != null) {
                throw new IllegalStateException(console.getKey().key() + " " + console.getValue());
            }
            Map.Entry<Setting, String> tls = tlsProblem();
            if (tls != null) {
                throw new IllegalStateException(tls.getKey().key() + " " + tls.getValue());
            }
            return new SluiceConfig(this);
        }

        /** The TLS setting that cannot be used as set, and why; null when they go together. */
        Map.Entry<Setting, String> tlsProblem() {
            if (tlsCertFile == null && (tlsKeyFile != null || tlsClientCaFile != null)) {
                return Map.entry(tlsKeyFile != null ? Setting.TLS_KEY_FILE : Setting.TLS_CLIENT_CA_FILE,
                        "has no effect without tls.cert_file (SLUICE_TLS_CERT_FILE)");
            }
            if (tlsCertFile != null && tlsKeyFile == null) {
                return Map.entry(Setting.TLS_CERT_FILE, "needs tls.key_file (SLUICE_TLS_KEY_FILE): its private key");
            }
            if ((backendCertFile == null) != (backendKeyFile == null)) {
                return backendCertFile == null
                        ? Map.entry(Setting.BACKEND_KEY_FILE, "has no effect without backend_tls.cert_file")
                        : Map.entry(Setting.BACKEND_CERT_FILE, "needs backend_tls.key_file: its private key");
            }
            boolean https = backend != null && "https".equals(backend.getScheme());
            if (tlsReloadInterval != null && tlsCertFile == null
                    && (!https || backendCaFile == null && backendCertFile == null)) {
                return Map.entry(Setting.TLS_RELOAD_INTERVAL,
                        "has no effect without tls.cert_file or backend_tls files to read again");
            }
            if (!https) {
                Setting stray = backendCaFile != null ? Setting.BACKEND_CA_FILE
                        : backendCertFile != null ? Setting.BACKEND_CERT_FILE
                        : backendServerName != null ? Setting.BACKEND_SERVER_NAME : null;
                return stray == null ? null : Map.entry(stray, "has no effect without an https:// backend");
            }
            return null;
        }

        /** The console setting that cannot be used as set, and why; null when they go together. */
        Map.Entry<Setting, String> consoleProblem() {
            if (consoleUrl == null) {
                Setting stray = consoleApiKeyFile != null ? Setting.CONSOLE_API_KEY_FILE
                        : consoleCaFile != null ? Setting.CONSOLE_CA_FILE
                        : consoleSpoolDir != null ? Setting.CONSOLE_SPOOL_DIR
                        : consoleMaxSpoolBytes != null ? Setting.CONSOLE_MAX_SPOOL_BYTES
                        : consolePolicySync != null ? Setting.CONSOLE_POLICY_SYNC
                        : consolePolicyPollInterval != null ? Setting.CONSOLE_POLICY_POLL_INTERVAL : null;
                return stray == null ? null : Map.entry(stray, "has no effect without console.url (SLUICE_CONSOLE_URL)");
            }
            if (consoleApiKeyFile == null) {
                return Map.entry(Setting.CONSOLE_URL,
                        "needs console.api_key_file (SLUICE_CONSOLE_API_KEY_FILE): the file holding the API key");
            }
            if (Boolean.TRUE.equals(consolePolicySync) && policyFile == null) {
                return Map.entry(Setting.CONSOLE_POLICY_SYNC,
                        "needs policy (SLUICE_POLICY): the file the console's policy is written to");
            }
            return null;
        }

        /** Why the admin address may not be used, or null. */
        String adminListenProblem() {
            if (adminListen == null || adminListen.isLoopback() || Boolean.TRUE.equals(adminAllowNonLoopback)) {
                return null;
            }
            return "must be a loopback address (127.0.0.1, ::1 or localhost), not " + adminListen
                    + "; set admin.allow_non_loopback: true in sluice.yaml to expose metrics beyond this host";
        }

        private static void once(String name, Object current) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
        }

        private static long size(long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + ByteSize.format(min) + " and "
                        + ByteSize.format(max) + ", not " + value);
            }
            return value;
        }
    }
}
