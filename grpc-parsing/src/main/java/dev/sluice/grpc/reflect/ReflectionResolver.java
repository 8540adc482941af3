package dev.sluice.grpc.reflect;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.sluice.grpc.descriptor.MessageTypeLookup;
import dev.sluice.grpc.descriptor.MethodResolver;
import dev.sluice.grpc.descriptor.MethodTypes;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Resolves gRPC methods by asking the upstream through server reflection, so a deployment need
 * not ship descriptor files. Built with {@link #builder()}.
 *
 * <p>For {@code /pkg.Service/Method} it asks {@code file_containing_symbol("pkg.Service")}, then
 * {@code file_by_filename} for imports the server left out, builds the files and picks the method.
 * It speaks {@code grpc.reflection.v1}, falls back to {@code v1alpha} on {@code UNIMPLEMENTED},
 * and remembers the version that answered. Results are cached per service: found services for the
 * positive TTL, failures for the negative TTL, each table bounded; concurrent lookups of one
 * service share one RPC, and lookups of distinct services in flight are capped. Every failure
 * (timeout, unreachable upstream, unknown symbol, bad descriptors, import cycles, limits) yields
 * an empty result whose reason {@link #lookup} reports and the {@link LookupEvent} listener sees.
 *
 * <p>Futures complete on a gRPC callback thread (or the caller's, for cache hits); dependants
 * should not block. The resolver also implements {@link MessageTypeLookup} over every message
 * type built so far, for {@code Any} payloads. Thread-safe.
 */
public final class ReflectionResolver implements MethodResolver, MessageTypeLookup, AutoCloseable {

    private final SymbolFetcher fetcher;
    private final SymbolCache cache;
    private final FetchedTypes types;
    private final ManagedChannel ownedChannel;
    private final Consumer<LookupEvent> listener;
    private volatile boolean closed;

    ReflectionResolver(Channel channel, ManagedChannel ownedChannel, ReflectionSettings settings,
                       LongSupplier ticker, Consumer<LookupEvent> listener) {
        this.fetcher = new SymbolFetcher(channel, settings);
        this.cache = new SymbolCache(settings, ticker);
        this.types = new FetchedTypes(settings.maxTypes());
        this.ownedChannel = ownedChannel;
        this.listener = listener;
    }

    public static ReflectionResolverBuilder builder() {
        return new ReflectionResolverBuilder();
    }

    @Override
    public CompletableFuture<Optional<MethodTypes>> resolve(String path) {
        return lookup(path).thenApply(Resolution::types);
    }

    /** Like {@link #resolve} but says why a method was not found. Never completes exceptionally. */
    public CompletableFuture<Resolution> lookup(String path) {
        MethodPath parsed = MethodPath.parse(path);
        if (parsed == null) {
            return CompletableFuture.completedFuture(
                    Resolution.failed(LookupOutcome.MALFORMED_PATH, "not a /package.Service/Method path"));
        }
        // thenApply gives each caller its own future; the shared in-flight one never escapes.
        return symbol(parsed.service()).thenApply(result -> toResolution(path, parsed, result));
    }

    /**
     * Fetches a message type that no lookup has brought in yet (for example the type URL of an
     * {@code Any}) by asking for the file that defines it. Same cache, limits and outcomes as
     * {@link #lookup}. Never completes exceptionally.
     */
    public CompletableFuture<Optional<Descriptor>> fetchMessageType(String fullName) {
        if (fullName == null || fullName.length() > MethodPath.MAX_LENGTH || !MethodPath.isDottedName(fullName)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<Descriptor> known = types.find(fullName);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known);
        }
        return symbol(fullName).thenApply(result -> result.descriptor() instanceof Descriptor message
                ? Optional.of(message)
                : Optional.empty());
    }

    /** Finds a message type among those fetched so far; never asks the upstream. */
    @Override
    public Optional<Descriptor> find(String fullName) {
        return types.find(fullName);
    }

    /** The protocol version the next lookup tries first. */
    public ReflectionVersion preferredVersion() {
        return fetcher.preferredVersion();
    }

    /** Stops new lookups and, if the resolver opened the channel, shuts it down. */
    @Override
    public void close() {
        closed = true;
        if (ownedChannel != null) {
            ownedChannel.shutdownNow();
        }
    }

    private CompletableFuture<SymbolResult> symbol(String name) {
        if (closed) {
            return CompletableFuture.completedFuture(SymbolResult.failed(LookupOutcome.CLOSED, "resolver closed"));
        }
        return cache.get(name, this::fetchAndRecord);
    }

    private CompletableFuture<SymbolResult> fetchAndRecord(String symbol) {
        long started = System.nanoTime();
        return fetcher.fetch(symbol).thenApply(result -> {
            if (result.resolved()) {
                types.addAll(result.files());
            }
            report(new LookupEvent(symbol, result.outcome(), result.detail(), fetcher.preferredVersion(),
                    Duration.ofNanos(System.nanoTime() - started), result.files().size()));
            return result;
        });
    }

    private void report(LookupEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            // A broken listener must not turn a lookup into a failure or leave the cache stuck.
        }
    }

    private static Resolution toResolution(String path, MethodPath parsed, SymbolResult result) {
        if (!result.resolved()) {
            return Resolution.failed(result.outcome(), result.detail());
        }
        if (!(result.descriptor() instanceof ServiceDescriptor service)) {
            return Resolution.failed(LookupOutcome.METHOD_NOT_FOUND, parsed.service() + " is not a service");
        }
        MethodDescriptor method = service.findMethodByName(parsed.method());
        if (method == null) {
            return Resolution.failed(LookupOutcome.METHOD_NOT_FOUND,
                    "service " + parsed.service() + " has no method " + parsed.method());
        }
        return Resolution.resolved(new MethodTypes(path, method.getInputType(), method.getOutputType(),
                method.isClientStreaming(), method.isServerStreaming()));
    }
}
