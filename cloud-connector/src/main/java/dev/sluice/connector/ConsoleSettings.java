package dev.sluice.connector;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the console is and how to talk to it; immutable, made by {@link #builder}.
 *
 * <table>
 *   <caption>settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>url: {@code https://host[:port][/prefix]}; {@code http} only to a loopback address</td><td>required</td></tr>
 *   <tr><td>API key</td><td>required</td></tr>
 *   <tr><td>CA file: PEM certificates the console's certificate must chain to</td><td>the JDK's trust store</td></tr>
 *   <tr><td>spool folder, its size</td><td>required, 256 MiB</td></tr>
 *   <tr><td>policy file written from the console's policy</td><td>none: no policy sync</td></tr>
 *   <tr><td>policy poll interval</td><td>30 s</td></tr>
 *   <tr><td>instance name sent with every call</td><td>the host name</td></tr>
 *   <tr><td>call timeout; backoff from, to</td><td>10 s; 1 s, 5 min</td></tr>
 *   <tr><td>batch: events, bytes</td><td>500, 1 MiB</td></tr>
 * </table>
 */
public final class ConsoleSettings {
    public static final long DEFAULT_SPOOL_BYTES = 256L << 20;
    public static final Duration DEFAULT_POLICY_POLL_INTERVAL = Duration.ofSeconds(30);

    private final URI url;
    private final ApiKey apiKey;
    private final Path caFile;
    private final Path spoolDir;
    private final long maxSpoolBytes;
    private final Path policyFile;
    private final Duration policyPollInterval;
    private final String instance;
    private final Duration callTimeout;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final int batchEvents;
    private final int batchBytes;

    private ConsoleSettings(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.apiKey = Objects.requireNonNull(b.apiKey, "apiKey");
        this.spoolDir = Objects.requireNonNull(b.spoolDir, "spoolDir");
        this.caFile = b.caFile;
        this.maxSpoolBytes = b.maxSpoolBytes;
        this.policyFile = b.policyFile;
        this.policyPollInterval = b.policyPollInterval;
        this.instance = b.instance != null ? b.instance : hostName();
        this.callTimeout = b.callTimeout;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.batchEvents = b.batchEvents;
        this.batchBytes = b.batchBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String hostName() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The console's base URL, without a trailing slash. */
    public URI url() {
        return url;
    }

    ApiKey apiKey() {
        return apiKey;
    }

    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    public Path spoolDir() {
        return spoolDir;
    }

    public long maxSpoolBytes() {
        return maxSpoolBytes;
    }

    /** Segments of an eighth of the spool, within 64 KiB and 8 MiB: small enough to delete in steps. */
    long segmentBytes() {
        return Math.max(64 << 10, Math.min(8 << 20, maxSpoolBytes / 8));
    }

    /** The file the console's policy is written to (the policy Sluice runs and reloads); empty: no sync. */
    public Optional<Path> policyFile() {
        return Optional.ofNullable(policyFile);
    }

    public Duration policyPollInterval() {
        return policyPollInterval;
    }

    public String instance() {
        return instance;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    Duration backoffInitial() {
        return backoffInitial;
    }

    Duration backoffMax() {
        return backoffMax;
    }

    int batchEvents() {
        return batchEvents;
    }

    int batchBytes() {
        return batchBytes;
    }

    @Override
    public String toString() {
        return "ConsoleSettings[" + url + ", key=" + apiKey + ", ca=" + (caFile == null ? "system" : caFile)
                + ", spool=" + spoolDir + " (" + maxSpoolBytes + " bytes), policy="
                + (policyFile == null ? "local" : policyFile + " every " + policyPollInterval) + ", instance="
                + instance + "]";
    }

    public static final class Builder {
        private URI url;
        private ApiKey apiKey;
        private Path caFile;
        private Path spoolDir;
        private long maxSpoolBytes = DEFAULT_SPOOL_BYTES;
        private Path policyFile;
        private Duration policyPollInterval = DEFAULT_POLICY_POLL_INTERVAL;
        private String instance;
        private Duration callTimeout = Duration.ofSeconds(10);
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofMinutes(5);
        private int batchEvents = 500;
        private int batchBytes = 1 << 20;

        private Builder() {
        }

        /**
         * {@code https://host[:port][/prefix]}. Plain {@code http} only to a loopback host (a console
         * beside Sluice, or a test): elsewhere the API key would cross the network in the clear.
         */
        public Builder url(String text) {
            URI u;
            try {
                u = new URI(Objects.requireNonNull(text, "url").strip());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("must be https://host[:port][/prefix]");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (u.getHost() == null || u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null
                    || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException("must be https://host[:port][/prefix] without user, query or fragment");
            }
            if (scheme.equals("http") && !isLoopback(u.getHost())) {
                throw new IllegalArgumentException("must be https (plain http only to a loopback address: the API key"
                        + " would cross the network in the clear)");
            }
            String s = u.toString();
            this.url = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            return this;
        }

        private static boolean isLoopback(String host) {
            String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
        }

        public Builder apiKey(ApiKey key) {
            this.apiKey = Objects.requireNonNull(key, "key");
            return this;
        }

        public Builder caFile(Path file) {
            this.caFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder spoolDir(Path dir) {
            this.spoolDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** 1 MiB to 1 TiB. */
        public Builder maxSpoolBytes(long bytes) {
            if (bytes < 1 << 20 || bytes > 1L << 40) {
                throw new IllegalArgumentException("must be between 1MiB and 1TiB");
            }
            this.maxSpoolBytes = bytes;
            return this;
        }

        public Builder policyFile(Path file) {
            this.policyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** 1 s to 1 h. */
        public Builder policyPollInterval(Duration d) {
            this.policyPollInterval = within(d, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        public Builder instance(String name) {
            this.instance = Objects.requireNonNull(name, "name");
            return this;
        }

        /** 100 ms to 5 min. */
        public Builder callTimeout(Duration d) {
            this.callTimeout = within(d, Duration.ofMillis(100), Duration.ofMinutes(5));
            return this;
        }

        /** From 1 ms, to at most 1 h. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = within(initial, Duration.ofMillis(1), Duration.ofHours(1));
            this.backoffMax = within(max, initial, Duration.ofHours(1));
            return this;
        }

        /** Events per upload (1 to 10,000) and bytes (4 KiB to 16 MiB; one larger event goes alone). */
        public Builder batch(int events, int bytes) {
            if (events < 1 || events > 10_000 || bytes < 4096 || bytes > 16 << 20) {
                throw new IllegalArgumentException("batches of 1 to 10000 events and 4KiB to 16MiB");
            }
            this.batchEvents = events;
            this.batchBytes = bytes;
            return this;
        }

        private static Duration within(Duration d, Duration min, Duration max) {
            Objects.requireNonNull(d, "duration");
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be between " + text(min) + " and " + text(max));
            }
            return d;
        }

        /** A duration as sluice.yaml writes it: {@code 1h}, {@code 5m}, {@code 30s}, {@code 100ms}. */
        private static String text(Duration d) {
            long ms = d.toMillis();
            return ms % 3_600_000 == 0 ? ms / 3_600_000 + "h" : ms % 60_000 == 0 ? ms / 60_000 + "m"
                    : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        }

        public ConsoleSettings build() {
            return new ConsoleSettings(this);
        }
    }
}
