package dev.sluice.standalone.spoe;

import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.matchers.Direction;
import dev.sluice.standalone.serve.SharedRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's answer to {@value #MESSAGE}, which HAProxy sends for a gRPC call before it waits for
 * the request's body: whether the method's schema (descriptor sets, or server reflection)
 * declares a stream of requests and of answers, as {@code txn.sluice.streams_request} and
 * {@code txn.sluice.streams_response}. HAProxy does not wait for a streamed body (its wait would
 * end in 408 or 504), so calls that stream need no list of paths where Sluice knows the schema. A
 * method without a schema is taken as unary: its bodies are waited for, as before.
 */
record StreamingMethod(boolean requests, boolean answers) {
    static final String MESSAGE = "sluice-grpc-method";
    /**
     * How long the answer waits for a reflection lookup under way (a service's first call): below
     * the shipped sluice-spoe.conf's {@code timeout processing 500ms}, past which HAProxy would
     * give up on the agent. A lookup slower than this answers "unary"; the next call finds it cached.
     */
    static final Duration REFLECTION_WAIT = Duration.ofMillis(300);

    /** The answer for {@code m}: done at once unless reflection is still looking the method up. */
    static CompletableFuture<StreamingMethod> of(SpoeMessage m, SharedRuntime runtime) {
        // A copy: the lookup is shared and cached, and must not be completed by this wait.
        return runtime.grpcMethod(m.string("path", "")).copy()
                .completeOnTimeout(Optional.empty(), REFLECTION_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failed -> Optional.empty())
                .thenApply(StreamingMethod::of);
    }

    static StreamingMethod of(Optional<MethodTypes> schema) {
        return new StreamingMethod(SharedRuntime.grpcStreams(schema, Direction.REQUEST, false),
                SharedRuntime.grpcStreams(schema, Direction.RESPONSE, false));
    }

    void writeActions(SpopWriter w) {
        w.setTxnVar("streams_request").typedBool(requests);
        w.setTxnVar("streams_response").typedBool(answers);
    }
}
