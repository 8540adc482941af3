package dev.sluice.standalone.serve;

import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyEngine;
import dev.sluice.policy.identity.ServiceIdentity;
import dev.sluice.policy.identity.SourceServiceResolver;
import dev.sluice.policy.identity.TokenIdentityExtractor;
import dev.sluice.standalone.admin.MetricLabels;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.SluiceConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The policy, matchers and gRPC schemas of {@code sluice serve}, opened for the other front ends
 * ({@code sluice extproc}): one place loads the policy, compiles the matchers, watches the file
 * and knows the exchange ids, so every front end decides the same way. A thin public face over
 * the package's {@link PolicyRuntime}, {@link GrpcSchemas} and {@link ExchangeIds}.
 */
public final class SharedRuntime implements AutoCloseable {
    private final PolicyRuntime policy;
    private final GrpcSchemas schemas;
    private final ExchangeIds ids = ExchangeIds.random();

    private SharedRuntime(PolicyRuntime policy, GrpcSchemas schemas) {
        this.policy = policy;
        this.schemas = schemas;
    }

    /**
     * Loads the policy (file or embedded default), compiles the matchers and loads the descriptor
     * sets of {@code config}, hashing values with {@code hasher}.
     *
     * @throws StartupException when the policy or a descriptor set is invalid
     */
    public static SharedRuntime load(SluiceConfig config, dev.sluice.matchers.ValueHasher hasher,
                                     Map<String, String> env) throws StartupException {
        PolicyRuntime p = PolicyRuntime.load(config, hasher, env);
        try {
            return new SharedRuntime(p, GrpcSchemas.load(config));
        } catch (StartupException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The hash key of {@code config}, its problems as a startup error. */
    public static dev.sluice.standalone.config.HashKey hashKey(SluiceConfig config) throws StartupException {
        try {
            return dev.sluice.standalone.config.HashKey.load(config);
        } catch (dev.sluice.standalone.config.ConfigException e) {
            throw new StartupException(e.errors().stream().map(dev.sluice.standalone.config.ConfigError::format)
                    .toList());
        }
    }

    /** Opens something that may fail to bind or open. */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws java.io.IOException;
    }

    /** Opens a listener or file, turning a failure into a startup error that names the setting {@code what}. */
    public static <T> T bind(String what, Opener<T> opener) throws StartupException {
        try {
            return opener.open();
        } catch (java.io.IOException | RuntimeException e) {
            // gRPC and Netty report a failed bind as an unchecked exception wrapping the BindException.
            Throwable cause = e.getCause() != null && !(e instanceof java.io.IOException) ? e.getCause() : e;
            throw new StartupException(what + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** Starts reloading the policy file when it changes; results are logged and counted. */
    public void watch(Path file, SluiceMetrics metrics, PrintStream log) {
        policy.watch(file, metrics, log);
    }

    public Inspector inspector() {
        return policy.inspector();
    }

    public PolicyEngine engine() {
        return policy.engine();
    }

    public Policy policy() {
        return policy.policy();
    }

    public MetricLabels labels() {
        return policy.labels();
    }

    public SourceServiceResolver sourceResolver() {
        return policy.identities().source();
    }

    public TokenIdentityExtractor tokenExtractor() {
        return policy.identities().token();
    }

    public ServiceIdentity destination() {
        return policy.identities().destination();
    }

    /** A new exchange id (also the event id). */
    public String nextExchangeId() {
        return ids.next();
    }

    /**
     * How to read the protobuf messages of gRPC method {@code path} in {@code direction}: known
     * now (descriptor sets, or reflection already answered), else null for schema-less reading.
     */
    public ProtobufSpec protobuf(String path, Direction direction, String grpcEncoding) {
        Optional<MethodTypes> types = schemas.resolve(path).getNow(Optional.empty());
        if (types.isEmpty()) {
            return null;
        }
        ProtobufSpec spec = ProtobufSpec.of(types.get().messageType(direction == Direction.REQUEST), schemas.lookup());
        return grpcEncoding == null ? spec : spec.withGrpcEncoding(grpcEncoding);
    }

    /** Whether a body of {@code contentType} is passed uninspected (images, video, archives, ...). */
    public static boolean uninspected(String contentType) {
        return UninspectedMediaTypes.skips(contentType);
    }

    public String describe() {
        return policy.describe() + "; gRPC: " + schemas.methodCount() + " methods from descriptor sets";
    }

    @Override
    public void close() {
        schemas.close();
        policy.close();
    }
}
