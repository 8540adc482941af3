package dev.sluice.standalone.config;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.matchers.Labels;
import dev.sluice.policy.ByteSize;
import dev.sluice.policy.yaml.Suggestions;

import dev.sluice.policy.Mode;
import dev.sluice.standalone.proxy.EscapedSlashAction;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of {@code sluice.yaml}: its dotted key, the environment variable that overrides
 * it (null when the file alone may set it), whether it takes a list, and how its text goes into
 * the {@link SluiceConfig.Builder}. A value from the file and from the environment is read by the
 * same code, so both accept the same spellings. Appliers throw {@link IllegalArgumentException}
 * with a message that starts with what the value must be; the loader adds where it was written.
 */
enum Setting {
    BACKEND("backend", "BACKEND", false, (b, v, base) -> b.backend(v.getFirst())),
    MODE("mode", "SLUICE_MODE", false, (b, v, base) -> b.mode(mode(v.getFirst()))),
    POLICY("policy", "SLUICE_POLICY", false, (b, v, base) -> b.policyFile(path(v.getFirst(), base))),
    PROXY_LISTEN("proxy.listen", "SLUICE_LISTEN", false, (b, v, base) -> b.proxyListen(HostPort.parse(v.getFirst()))),
    ALLOWED_METHODS("proxy.allowed_methods", "ALLOWED_METHODS", true, (b, v, base) -> b.allowedMethods(v)),
    ALLOWED_CONTENT_TYPES("proxy.allowed_request_content_types", "ALLOWED_REQUEST_CONTENT_TYPE", true,
            (b, v, base) -> b.allowedRequestContentTypes(v)),
    ALLOWED_HTTP_VERSIONS("proxy.allowed_http_versions", "ALLOWED_HTTP_VERSIONS", true,
            (b, v, base) -> b.allowedHttpVersions(versions(v))),
    CONNECT_TIMEOUT("proxy.connect_timeout", "SLUICE_CONNECT_TIMEOUT", false,
            (b, v, base) -> b.proxyTimeout(ProxyTimeout.CONNECT, duration(v.getFirst()))),
    READ_TIMEOUT("proxy.read_timeout", "SLUICE_READ_TIMEOUT", false,
            (b, v, base) -> b.proxyTimeout(ProxyTimeout.READ, duration(v.getFirst()))),
    IDLE_TIMEOUT("proxy.idle_timeout", "SLUICE_IDLE_TIMEOUT", false,
            (b, v, base) -> b.proxyTimeout(ProxyTimeout.IDLE, duration(v.getFirst()))),
    STREAM_IDLE_TIMEOUT("proxy.stream_idle_timeout", "SLUICE_STREAM_IDLE_TIMEOUT", false,
            (b, v, base) -> b.proxyTimeout(ProxyTimeout.STREAM_IDLE, duration(v.getFirst()))),
    REQUEST_HEAD_TIMEOUT("proxy.request_head_timeout", "SLUICE_REQUEST_HEAD_TIMEOUT", false,
            (b, v, base) -> b.proxyTimeout(ProxyTimeout.REQUEST_HEAD, duration(v.getFirst()))),
    WEBSOCKET_COMPRESSION("proxy.websocket_compression", "SLUICE_WEBSOCKET_COMPRESSION", false,
            (b, v, base) -> b.webSocketCompression(bool(v.getFirst()))),
    WIDEN_RANGES("proxy.widen_ranges", "SLUICE_WIDEN_RANGES", false,
            (b, v, base) -> b.widenRanges(bool(v.getFirst()))),
    PATH_WITH_ESCAPED_SLASHES("proxy.path_with_escaped_slashes", "SLUICE_PATH_WITH_ESCAPED_SLASHES", false,
            (b, v, base) -> b.pathWithEscapedSlashes(escapedSlashAction(v.getFirst()))),
    MAX_REQUEST_BODY_BYTES("proxy.max_request_body_bytes", "SLUICE_MAX_REQUEST_BODY_BYTES", false,
            (b, v, base) -> b.maxRequestBodyBytes(ByteSize.parse(v.getFirst(), 0, SluiceConfig.MAX_SIZE))),
    TLS_CERT_FILE("tls.cert_file", "SLUICE_TLS_CERT_FILE", false,
            (b, v, base) -> b.tlsCertFile(path(v.getFirst(), base))),
    TLS_KEY_FILE("tls.key_file", "SLUICE_TLS_KEY_FILE", false, (b, v, base) -> b.tlsKeyFile(path(v.getFirst(), base))),
    TLS_CLIENT_CA_FILE("tls.client_ca_file", "SLUICE_TLS_CLIENT_CA_FILE", false,
            (b, v, base) -> b.tlsClientCaFile(path(v.getFirst(), base))),
    TLS_RELOAD_INTERVAL("tls.reload_interval", "SLUICE_TLS_RELOAD_INTERVAL", false,
            (b, v, base) -> b.tlsReloadInterval(duration(v.getFirst()))),
    BACKEND_CA_FILE("backend_tls.ca_file", "SLUICE_BACKEND_CA_FILE", false,
            (b, v, base) -> b.backendCaFile(path(v.getFirst(), base))),
    BACKEND_CERT_FILE("backend_tls.cert_file", "SLUICE_BACKEND_CERT_FILE", false,
            (b, v, base) -> b.backendCertFile(path(v.getFirst(), base))),
    BACKEND_KEY_FILE("backend_tls.key_file", "SLUICE_BACKEND_KEY_FILE", false,
            (b, v, base) -> b.backendKeyFile(path(v.getFirst(), base))),
    BACKEND_SERVER_NAME("backend_tls.server_name", "SLUICE_BACKEND_SERVER_NAME", false,
            (b, v, base) -> b.backendServerName(v.getFirst())),
    EXTPROC_LISTEN("extproc.listen", "SLUICE_EXTPROC_LISTEN", false,
            (b, v, base) -> b.extprocListen(HostPort.parse(v.getFirst()))),
    SPOE_LISTEN("spoe.listen", "SLUICE_SPOE_LISTEN", false, (b, v, base) -> b.spoeListen(HostPort.parse(v.getFirst()))),
    SPOE_MAX_FRAME_SIZE("spoe.max_frame_size", "SLUICE_SPOE_MAX_FRAME_SIZE", false,
            (b, v, base) -> b.spoeMaxFrameSize(ByteSize.parse(v.getFirst(), SluiceConfig.MIN_SPOE_FRAME_SIZE,
                    SluiceConfig.MAX_SPOE_FRAME_SIZE))),
    SPOE_HELLO_TIMEOUT("spoe.hello_timeout", "SLUICE_SPOE_HELLO_TIMEOUT", false,
            (b, v, base) -> b.spoeHelloTimeout(duration(v.getFirst()))),
    SPOE_IDLE_TIMEOUT("spoe.idle_timeout", "SLUICE_SPOE_IDLE_TIMEOUT", false,
            (b, v, base) -> b.spoeIdleTimeout(duration(v.getFirst()))),
    ADMIN_LISTEN("admin.listen", "SLUICE_ADMIN_LISTEN", false,
            (b, v, base) -> b.adminListen(HostPort.parse(v.getFirst()))),
    /** File only: exposing metrics beyond the host should be a written decision, not an inherited variable. */
    ADMIN_ALLOW_NON_LOOPBACK("admin.allow_non_loopback", null, false,
            (b, v, base) -> b.adminAllowNonLoopback(bool(v.getFirst()))),
    MAX_INSPECTED_BYTES("limits.max_inspected_bytes", "SLUICE_MAX_INSPECTED_BYTES", false,
            (b, v, base) -> b.maxInspectedBytes(ByteSize.parse(v.getFirst(), 1, SluiceConfig.MAX_SIZE))),
    MAX_HELD_BODY_BYTES("limits.max_held_body_bytes", "SLUICE_MAX_HELD_BODY_BYTES", false,
            (b, v, base) -> b.maxHeldBodyBytes(ByteSize.parse(v.getFirst(), 0, Integer.MAX_VALUE))),
    MAX_HELD_TOTAL_BYTES("limits.max_held_total_bytes", "SLUICE_MAX_HELD_TOTAL_BYTES", false,
            (b, v, base) -> b.maxHeldTotalBytes(ByteSize.parse(v.getFirst(), SluiceConfig.MIN_HELD_TOTAL,
                    SluiceConfig.MAX_SIZE))),
    STREAMED_TEXT_HOLD_BYTES("limits.streamed_text_hold_bytes", "SLUICE_STREAMED_TEXT_HOLD_BYTES", false,
            (b, v, base) -> b.streamedTextHoldBytes(ByteSize.parse(v.getFirst(), 0,
                    InspectionLimits.MAX_STREAMED_TEXT_HOLD))),
    MAX_MESSAGE_BYTES("limits.max_message_bytes", "SLUICE_MAX_MESSAGE_BYTES", false,
            (b, v, base) -> b.maxMessageBytes(ByteSize.parse(v.getFirst(), 1, Integer.MAX_VALUE - 1))),
    MAX_DECOMPRESSED_BYTES("limits.max_decompressed_bytes", "SLUICE_MAX_DECOMPRESSED_BYTES", false,
            (b, v, base) -> b.maxDecompressedBytes(ByteSize.parse(v.getFirst(), 1, SluiceConfig.MAX_SIZE))),
    DESCRIPTOR_SETS("grpc.descriptor_sets", "SLUICE_DESCRIPTOR_SETS", true,
            (b, v, base) -> b.descriptorSets(paths(v, base))),
    GRPC_REFLECTION("grpc.reflection", "SLUICE_GRPC_REFLECTION", false,
            (b, v, base) -> b.grpcReflection(bool(v.getFirst()))),
    GRPC_REFLECTION_TIMEOUT("grpc.reflection_timeout", "SLUICE_GRPC_REFLECTION_TIMEOUT", false,
            (b, v, base) -> b.grpcReflectionTimeout(duration(v.getFirst()))),
    EVENTS_OUTPUT("events.output", "SLUICE_EVENTS", false, (b, v, base) -> b.events(events(v.getFirst(), base))),
    EVENTS_QUEUE_CAPACITY("events.queue_capacity", "SLUICE_EVENTS_QUEUE_CAPACITY", false,
            (b, v, base) -> b.eventsQueueCapacity((int) ByteSize.parse(v.getFirst(), 16, 1 << 20))),
    EVENTS_MAX_FILE_BYTES("events.max_file_bytes", "SLUICE_EVENTS_MAX_FILE_BYTES", false,
            (b, v, base) -> b.eventsMaxFileBytes(ByteSize.parse(v.getFirst(), 0, SluiceConfig.MAX_SIZE))),
    EVENTS_KEEP_FILES("events.keep_files", "SLUICE_EVENTS_KEEP_FILES", false,
            (b, v, base) -> b.eventsKeepFiles(count(v.getFirst(), 1, EventFileRotation.MAX_KEEP_FILES))),
    EVENTS_COMPRESS_ROTATED("events.compress_rotated", "SLUICE_EVENTS_COMPRESS_ROTATED", false,
            (b, v, base) -> b.eventsCompressRotated(bool(v.getFirst()))),
    HASH_KEY_FILE("hash_key_file", "SLUICE_HASH_KEY_FILE", false,
            (b, v, base) -> b.hashKeyFile(path(v.getFirst(), base))),
    CONSOLE_URL("console.url", "SLUICE_CONSOLE_URL", false, (b, v, base) -> b.consoleUrl(v.getFirst())),
    CONSOLE_API_KEY_FILE("console.api_key_file", "SLUICE_CONSOLE_API_KEY_FILE", false,
            (b, v, base) -> b.consoleApiKeyFile(path(v.getFirst(), base))),
    CONSOLE_CA_FILE("console.ca_file", "SLUICE_CONSOLE_CA_FILE", false,
            (b, v, base) -> b.consoleCaFile(path(v.getFirst(), base))),
    CONSOLE_SPOOL_DIR("console.spool_dir", "SLUICE_CONSOLE_SPOOL_DIR", false,
            (b, v, base) -> b.consoleSpoolDir(path(v.getFirst(), base))),
    CONSOLE_MAX_SPOOL_BYTES("console.max_spool_bytes", "SLUICE_CONSOLE_MAX_SPOOL_BYTES", false,
            (b, v, base) -> b.consoleMaxSpoolBytes(ByteSize.parse(v.getFirst(), 1 << 20, SluiceConfig.MAX_SIZE))),
    CONSOLE_POLICY_SYNC("console.policy_sync", "SLUICE_CONSOLE_POLICY_SYNC", false,
            (b, v, base) -> b.consolePolicySync(bool(v.getFirst()))),
    CONSOLE_POLICY_POLL_INTERVAL("console.policy_poll_interval", "SLUICE_CONSOLE_POLICY_POLL_INTERVAL", false,
            (b, v, base) -> b.consolePolicyPollInterval(duration(v.getFirst())));

    /** Sets a parsed value; {@code base} is the folder relative paths start from (null: as written). */
    @FunctionalInterface
    interface Applier {
        void apply(SluiceConfig.Builder builder, List<String> values, Path base);
    }

    private final String key;
    private final String env;
    private final boolean list;
    private final Applier applier;

    Setting(String key, String env, boolean list, Applier applier) {
        this.key = key;
        this.env = env;
        this.list = list;
        this.applier = applier;
    }

    String key() {
        return key;
    }

    /** The overriding environment variable, or null. */
    String env() {
        return env;
    }

    boolean isList() {
        return list;
    }

    void apply(SluiceConfig.Builder builder, List<String> values, Path base) {
        applier.apply(builder, values, base);
    }

    /**
     * Keys earlier versions read, with what took their place: a file that still sets one is told
     * why, not only that the key is unknown.
     */
    static final Map<String, String> RETIRED = Map.of("spoe.redact_statuses",
            "the shipped haproxy.cfg returns a redacted body under any status (sluice.lua); remove the key");

    /** The setting with this dotted key, or null. */
    static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Items of a list written as one text, as the OWASP CRS image takes them: separated by
     * spaces, commas or {@code |} ({@code "GET HEAD POST"}, {@code "|text/xml| |application/json|"}).
     */
    static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean separator = i == text.length() || Character.isWhitespace(text.charAt(i))
                    || text.charAt(i) == ',' || text.charAt(i) == '|';
            if (separator && start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            } else if (!separator && start < 0) {
                start = i;
            }
        }
        return out;
    }

    private static Mode mode(String text) {
        Mode m = Mode.fromLabel(text.strip().toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new IllegalArgumentException("must be enforce or detect, not '" + text.strip() + "'"
                    + Suggestions.didYouMean(text.strip(), List.of("enforce", "detect")));
        }
        return m;
    }

    private static EscapedSlashAction escapedSlashAction(String text) {
        EscapedSlashAction a = EscapedSlashAction.fromLabel(text.strip());
        if (a == null) {
            List<String> labels = Labels.all(EscapedSlashAction.values());
            throw new IllegalArgumentException("must be one of " + String.join(", ", labels) + ", not '" + text.strip()
                    + "'" + Suggestions.didYouMean(text.strip(), labels));
        }
        return a;
    }

    private static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("must be true or false (or on, off), not '" + text.strip() + "'");
        };
    }

    /** A whole number and a unit: {@code 500ms}, {@code 2s}, {@code 1m}. */
    private static int count(String text, int min, int max) {
        String s = text.strip();
        long n = s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.MIN_VALUE
                : Long.parseLong(s);
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max + ", not '" + s + "'");
        }
        return (int) n;
    }

    private static Duration duration(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        Duration d = i == 0 || i > 9 ? null : switch (s.substring(i)) {
            case "ms" -> Duration.ofMillis(Long.parseLong(s.substring(0, i)));
            case "s" -> Duration.ofSeconds(Long.parseLong(s.substring(0, i)));
            case "m" -> Duration.ofMinutes(Long.parseLong(s.substring(0, i)));
            default -> null;
        };
        if (d == null) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 2s or 1m, not '" + s + "'");
        }
        return d;
    }

    private static List<HttpProtocol> versions(List<String> names) {
        List<HttpProtocol> out = new ArrayList<>();
        for (String n : names) {
            out.add(HttpProtocol.parse(n).orElseThrow(() -> new IllegalArgumentException(
                    "must list HTTP/1.0, HTTP/1.1, HTTP/2 (or HTTP/2.0), not '" + n + "'")));
        }
        return out;
    }

    private static Path path(String text, Path base) {
        String s = text.strip();
        if (s.isEmpty() || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("must be a file path");
        }
        Path p = Path.of(s);
        return base == null || p.isAbsolute() ? p : base.resolve(p);
    }

    private static List<Path> paths(List<String> texts, Path base) {
        List<Path> out = new ArrayList<>();
        for (String t : texts) {
            out.add(path(t, base));
        }
        return out;
    }

    private static EventsOutput events(String text, Path base) {
        EventsOutput e = EventsOutput.parse(text);
        return e.isStdout() ? e : EventsOutput.toFile(path(text, base));
    }
}
