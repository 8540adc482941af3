package dev.sluice.grpc.reflect;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Configures a {@link ReflectionResolver}. Exactly one upstream: a borrowed {@link Channel}
 * (the caller keeps ownership), or a target the resolver dials and closes itself.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>allowed</th></tr>
 *   <tr><td>{@link #timeout}</td><td>2 s per lookup, both versions included</td><td>1 ms – 60 s</td></tr>
 *   <tr><td>{@link #positiveTtl}</td><td>10 min</td><td>1 ms – 24 h</td></tr>
 *   <tr><td>{@link #negativeTtl}</td><td>30 s</td><td>1 ms – 24 h</td></tr>
 *   <tr><td>{@link #maxCacheEntries}</td><td>1,024 services, positive and negative each</td><td>1 – 1,000,000</td></tr>
 *   <tr><td>{@link #maxCachedBytes}</td><td>64 MiB of descriptors in the positive cache</td><td>1 MiB – 16 GiB</td></tr>
 *   <tr><td>{@link #maxConcurrentLookups}</td><td>16 distinct symbols in flight</td><td>1 – 10,000</td></tr>
 *   <tr><td>{@link #maxFiles}</td><td>256 files per lookup</td><td>1 – 10,000</td></tr>
 *   <tr><td>{@link #maxBytes}</td><td>4 MiB of descriptors per lookup</td><td>1 KiB – 256 MiB</td></tr>
 *   <tr><td>{@link #maxTypes}</td><td>65,536 message types kept for {@code Any}</td><td>1 – 10,000,000</td></tr>
 * </table>
 */
public final class ReflectionResolverBuilder {

    private static final Duration MAX_TTL = Duration.ofHours(24);

    private Channel channel;
    private String target;
    private ChannelCredentials credentials;
    private Duration timeout = Duration.ofSeconds(2);
    private Duration positiveTtl = Duration.ofMinutes(10);
    private Duration negativeTtl = Duration.ofSeconds(30);
    private int maxCacheEntries = 1_024;
    private long maxCachedBytes = 64L << 20;
    private int maxConcurrentLookups = 16;
    private int maxFiles = 256;
    private int maxBytes = 4 << 20;
    private int maxTypes = 65_536;
    private LongSupplier ticker = System::nanoTime;
    private Consumer<LookupEvent> listener = event -> { };

    ReflectionResolverBuilder() {
    }

    /** Uses a channel the caller owns; {@link ReflectionResolver#close()} leaves it open. */
    public ReflectionResolverBuilder channel(Channel channel) {
        Objects.requireNonNull(channel, "channel");
        if (target != null) {
            throw new IllegalStateException("upstream already set to target " + target);
        }
        this.channel = channel;
        return this;
    }

    /** Dials {@code target} ({@code host:port} or a gRPC target URI) with the given credentials. */
    public ReflectionResolverBuilder target(String target, ChannelCredentials credentials) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(credentials, "credentials");
        if (channel != null) {
            throw new IllegalStateException("upstream already set to channel " + channel);
        }
        if (this.target != null) {
            throw new IllegalStateException("upstream already set to target " + this.target);
        }
        this.target = target;
        this.credentials = credentials;
        return this;
    }

    /** Dials {@code target} without TLS (a sidecar's loopback upstream). */
    public ReflectionResolverBuilder plaintext(String target) {
        return target(target, InsecureChannelCredentials.create());
    }

    /** Dials {@code target} over TLS, trusting the JDK's default roots. */
    public ReflectionResolverBuilder tls(String target) {
        return target(target, TlsChannelCredentials.create());
    }

    public ReflectionResolverBuilder timeout(Duration timeout) {
        this.timeout = within("timeout", timeout, Duration.ofMillis(1), Duration.ofSeconds(60));
        return this;
    }

    public ReflectionResolverBuilder positiveTtl(Duration ttl) {
        this.positiveTtl = within("positiveTtl", ttl, Duration.ofMillis(1), MAX_TTL);
        return this;
    }

    public ReflectionResolverBuilder negativeTtl(Duration ttl) {
        this.negativeTtl = within("negativeTtl", ttl, Duration.ofMillis(1), MAX_TTL);
        return this;
    }

    public ReflectionResolverBuilder maxCacheEntries(int entries) {
        this.maxCacheEntries = within("maxCacheEntries", entries, 1, 1_000_000);
        return this;
    }

    public ReflectionResolverBuilder maxCachedBytes(long bytes) {
        if (bytes < (1L << 20) || bytes > (16L << 30)) {
            throw new IllegalArgumentException("maxCachedBytes must be between 1 MiB and 16 GiB, was " + bytes);
        }
        this.maxCachedBytes = bytes;
        return this;
    }

    public ReflectionResolverBuilder maxConcurrentLookups(int lookups) {
        this.maxConcurrentLookups = within("maxConcurrentLookups", lookups, 1, 10_000);
        return this;
    }

    public ReflectionResolverBuilder maxFiles(int files) {
        this.maxFiles = within("maxFiles", files, 1, 10_000);
        return this;
    }

    public ReflectionResolverBuilder maxBytes(int bytes) {
        this.maxBytes = within("maxBytes", bytes, 1 << 10, 256 << 20);
        return this;
    }

    public ReflectionResolverBuilder maxTypes(int types) {
        this.maxTypes = within("maxTypes", types, 1, 10_000_000);
        return this;
    }

    /** Called once per lookup that asked the upstream; must be quick and must not block. */
    public ReflectionResolverBuilder lookupListener(Consumer<LookupEvent> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Nanosecond clock for cache expiry; tests move it by hand. */
    ReflectionResolverBuilder ticker(LongSupplier ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    public ReflectionResolver build() {
        if (channel == null && target == null) {
            throw new IllegalStateException("no upstream: call channel(...) or target(...)");
        }
        ReflectionSettings settings = new ReflectionSettings(timeout, positiveTtl, negativeTtl,
                maxCacheEntries, maxCachedBytes, maxConcurrentLookups, maxFiles, maxBytes, maxTypes);
        ManagedChannel owned = channel != null
                ? null
                : Grpc.newChannelBuilder(target, credentials).maxInboundMessageSize(maxBytes).build();
        return new ReflectionResolver(channel != null ? channel : owned, owned, settings, ticker, listener);
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
