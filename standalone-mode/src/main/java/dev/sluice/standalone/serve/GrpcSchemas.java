package dev.sluice.standalone.serve;

import com.google.protobuf.Descriptors.Descriptor;
import dev.sluice.grpc.descriptor.DescriptorLoadException;
import dev.sluice.grpc.descriptor.DescriptorRegistry;
import dev.sluice.grpc.descriptor.MessageTypeLookup;
import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.grpc.reflect.ReflectionResolver;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import dev.sluice.standalone.config.SluiceConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the message types of gRPC methods come from: the configured descriptor sets (answered at
 * once), then, when {@code grpc.reflection} is on, the upstream's server reflection (answered
 * later, within {@code grpc.reflection_timeout}, cached by the resolver). Unknown methods resolve
 * to empty and their bodies are read schema-less. Thread-safe.
 */
final class GrpcSchemas implements AutoCloseable {
    /**
     * Looked up once at start when reflection is on, in the background: the reflection service's
     * own method, which every server answering reflection v1 describes. Otherwise a service's first
     * lookup pays for the channel's connection, class loading and descriptor building, 330 to
     * 380 ms in a fresh process where a warmed-up one takes 10 to 55 ms (ReflectionFirstLookupProbe
     * against {@code sluice demo}'s upstream): HAProxy's method question waits 300 ms at most
     * (StreamingMethod.REFLECTION_WAIT), and a first call's body is read schema-less unless its
     * lookup is done first.
     */
    static final String WARM_UP = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";

    private final DescriptorRegistry registry;
    private final ReflectionResolver reflection;
    private final MessageTypeLookup lookup;

    private GrpcSchemas(DescriptorRegistry registry, ReflectionResolver reflection) {
        this.registry = registry;
        this.reflection = reflection;
        this.lookup = reflection == null ? registry : new Combined(registry, reflection);
    }

    /** Loads the descriptor sets and, with reflection on, opens a channel to the backend. */
    static GrpcSchemas load(SluiceConfig config) throws StartupException {
        DescriptorRegistry registry = DescriptorRegistry.empty();
        if (!config.descriptorSets().isEmpty()) {
            DescriptorRegistry.Builder b = DescriptorRegistry.builder();
            for (Path p : config.descriptorSets()) {
                b.addFile(p);
            }
            try {
                registry = b.build();
            } catch (DescriptorLoadException | RuntimeException e) {
                throw new StartupException("grpc.descriptor_sets: " + e.getMessage());
            }
        }
        ReflectionResolver reflection = null;
        if (config.grpcReflection() && config.backend().isPresent()) {
            URI backend = config.backend().get();
            int port = backend.getPort() > 0 ? backend.getPort() : 80;
            reflection = ReflectionResolver.builder().plaintext(backend.getHost() + ":" + port)
                    .timeout(config.grpcReflectionTimeout()).build();
            reflection.resolve(WARM_UP); // answered or not, the channel and the code are ready for the first call
        }
        return new GrpcSchemas(registry, reflection);
    }

    /** The types of method {@code path} ({@code /pkg.Service/Method}); never completes exceptionally. */
    CompletableFuture<Optional<MethodTypes>> resolve(String path) {
        Optional<MethodTypes> known = registry.method(path);
        if (known.isPresent() || reflection == null) {
            return CompletableFuture.completedFuture(known);
        }
        return reflection.resolve(path);
    }

    /**
     * How to read a method's protobuf messages in {@code direction}: its input or output type with
     * {@code grpcEncoding} (null: none), or null when the types are unknown (read schema-less).
     */
    ProtobufSpec protobuf(Optional<MethodTypes> types, Direction direction, String grpcEncoding) {
        if (types.isEmpty()) {
            return null;
        }
        ProtobufSpec spec = ProtobufSpec.of(types.get().messageType(direction == Direction.REQUEST), lookup);
        return grpcEncoding == null ? spec : spec.withGrpcEncoding(grpcEncoding);
    }

    /** Finds types named by {@code Any} values: the descriptor sets, then what reflection fetched. */
    MessageTypeLookup lookup() {
        return lookup;
    }

    int methodCount() {
        return registry.methodPaths().size();
    }

    boolean reflects() {
        return reflection != null;
    }

    @Override
    public void close() {
        if (reflection != null) {
            reflection.close();
        }
    }

    private record Combined(DescriptorRegistry registry, ReflectionResolver reflection) implements MessageTypeLookup {
        @Override
        public Optional<Descriptor> find(String fullName) {
            Optional<Descriptor> d = registry.find(fullName);
            return d.isPresent() ? d : reflection.find(fullName);
        }
    }
}
