package dev.sluice.standalone.serve;

import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyEngine;
import dev.sluice.standalone.admin.MetricLabels;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import dev.sluice.standalone.exchange.FeedRequests;
import dev.sluice.standalone.exchange.PolicyIdentities;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The policy, matchers and gRPC schemas every front end decides with ({@code sluice serve},
 * {@code sluice extproc}), started by {@link CoreRuntime}: one place loads the policy, compiles
 * the matchers, watches the file and knows the exchange ids, so every front end decides the same
 * way. A thin public face over the package's {@link PolicyRuntime}, {@link GrpcSchemas} and
 * {@link ExchangeIds}.
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
    static SharedRuntime load(SluiceConfig config, dev.sluice.matchers.ValueHasher hasher,
                              Map<String, String> env) throws StartupException {
        PolicyRuntime p = PolicyRuntime.load(config, hasher, env);
        try {
            return new SharedRuntime(p, GrpcSchemas.load(config));
        } catch (StartupException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Starts reloading the policy file when it changes; results are logged and counted. */
    void watch(Path file, SluiceMetrics metrics, PrintStream log) {
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

    /** The policy in force with its identity extractors, one consistent pair. */
    public PolicyIdentities identities() {
        return policy.identities();
    }

    PolicyRuntime policyRuntime() {
        return policy;
    }

    GrpcSchemas schemas() {
        return schemas;
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
        return schemas.protobuf(schemas.resolve(path).getNow(Optional.empty()), direction, grpcEncoding);
    }

    /**
     * Whether a body in {@code direction} of {@code exchange} has no end in sight: the messages of a
     * gRPC method whose schema declares them a stream in that direction ({@code streamingMethod}: a
     * client stream's requests, a server stream's answers, both of a bidirectional one), or an answer
     * that is a feed, by its type ({@link MediaKind#feed}: server-sent events, NDJSON, a Kubernetes
     * watch's framing) or by its request ({@link FeedRequests}: {@code ?watch=true},
     * {@code ?follow=true}). Every front end streams such a body rather than hold it for a verdict
     * at its end: held, a feed's events would reach the client only when it closed, and a
     * bidirectional call would wait for ever on a request that ends only after its answers.
     *
     * <p>A feed whose answer declares a length its front end would hold ({@code declaredLength}
     * from 0 to {@code heldLimit}; -1: none) has its end in sight: an NDJSON export, a log asked
     * for with {@code follow} whose task has ended. It is held like any finite body, so a block is
     * a clean refusal rather than a reset after its first lines. A gRPC stream is not: a length
     * says nothing of when its answers come.
     */
    public static boolean openEnded(ExchangeIdentity exchange, Direction direction, String contentType,
            boolean streamingMethod, long declaredLength, long heldLimit) {
        if (streamingMethod) {
            return true;
        }
        boolean finite = declaredLength >= 0 && declaredLength <= heldLimit;
        return direction == Direction.RESPONSE && !finite && feed(exchange, contentType);
    }

    /**
     * Whether an answer of {@code contentType} to {@code exchange}'s request is a feed: by its type
     * ({@link MediaKind#feed}) or by its request ({@link FeedRequests}).
     */
    public static boolean feed(ExchangeIdentity exchange, String contentType) {
        return MediaKind.feed(contentType) || FeedRequests.asksForFeed(exchange.method(), exchange.path());
    }

    /** A {@code Content-Length} field's value as a number, or -1 when absent or not one. */
    public static long declaredLength(String contentLength) {
        if (contentLength == null || contentLength.isEmpty() || contentLength.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < contentLength.length(); i++) {
            char c = contentLength.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Whether the gRPC method at {@code path} sends a stream of messages in {@code direction}, as its
     * schema says (a descriptor set, or server reflection already answered), else
     * {@code whenUnknown}: each front end decides that for itself ({@code sluice serve} streams
     * both directions, {@code sluice extproc} requests only).
     */
    public boolean grpcStreams(String path, Direction direction, boolean whenUnknown) {
        return grpcStreams(schemas.resolve(path).getNow(Optional.empty()), direction, whenUnknown);
    }

    /**
     * The schema of the gRPC method at {@code path}: known at once from the descriptor sets, later
     * from server reflection when it is on (a lookup under way, cached), else empty. A caller that
     * waits on it bounds its wait on a copy: the future is shared.
     */
    public CompletableFuture<Optional<MethodTypes>> grpcMethod(String path) {
        return schemas.resolve(path);
    }

    /** As {@link #grpcStreams(String, Direction, boolean)}, for the method's schema if {@code known}. */
    public static boolean grpcStreams(Optional<MethodTypes> known, Direction direction, boolean whenUnknown) {
        return known.map(t -> t.streams(direction == Direction.REQUEST)).orElse(whenUnknown);
    }

    /**
     * Whether a body of {@code contentType} in {@code direction} passes uninspected on its label
     * alone: a response of a type never inspected (images, audio, video, fonts, archives). A request
     * labelled so does not: its client chose the label, so its first bytes decide
     * ({@link #inspectAs}).
     */
    public static boolean uninspected(Direction direction, String contentType) {
        return direction == Direction.RESPONSE && UninspectedMediaTypes.skips(contentType);
    }

    /** Whether a request body of {@code contentType} is one whose first bytes must show its label ({@link #inspectAs}). */
    public static boolean labelToCheck(Direction direction, String contentType) {
        return direction == Direction.REQUEST && UninspectedMediaTypes.skips(contentType);
    }

    /**
     * Whether a front end that sees a response's body anyway (the sidecar proxy, the SPOE agent)
     * checks its first bytes against its never-inspected label before letting it pass: a type
     * whose signature is known ({@link MediaSignatures}). A path traversal through a static-file
     * handler that types by extension ({@code /files/..%2f..%2fapp%2fconfig.yml%00.png}) answers a
     * config file as {@code image/png}; on its label alone its secrets would pass unseen.
     */
    public static boolean responseLabelToCheck(String contentType) {
        return UninspectedMediaTypes.skips(contentType) && MediaSignatures.knows(contentType);
    }

    /** The admin endpoint's {@code GET /policy} answer (JSON): the policy in force and the last failed reload. */
    public String policyStatus() {
        return policy.statusJson();
    }

    /**
     * How to read a body of {@code contentType} that starts with {@code first} (at least its first
     * chunk; not consumed): null when it passes uninspected — one of a never-inspected type whose
     * bytes carry that type's signature ({@link MediaSignatures}), or a response of such a type
     * without a known signature or whose first bytes are not text — else the content type to
     * inspect it as: its own, or, for a body whose bytes are not what its label says, JSON or text
     * as its first bytes look.
     */
    public static String inspectAs(Direction direction, String contentType, ByteBuffer first) {
        if (!UninspectedMediaTypes.skips(contentType)) {
            return contentType;
        }
        if (MediaSignatures.carries(contentType, first) || direction == Direction.RESPONSE
                && (!MediaSignatures.knows(contentType) || !MediaSignatures.looksLikeText(first))) {
            // A response's bytes without the signature may still be its type's: a range from the
            // middle of a video. Only text under a media label is taken for what it is.
            return null;
        }
        return MediaSignatures.sniff(first);
    }

    public String describe() {
        return policy.describe() + "; gRPC: " + schemas.methodCount() + " methods from descriptor sets"
                + (schemas.reflects() ? ", server reflection on" : "");
    }

    @Override
    public void close() {
        schemas.close();
        policy.close();
    }
}
