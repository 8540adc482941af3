package dev.sluice.standalone.spoe;

import dev.sluice.matchers.Direction;
import dev.sluice.standalone.serve.SharedRuntime;

/**
 * The agent's answer to {@value #MESSAGE}, which HAProxy sends for a gRPC call before it waits for
 * the request's body: whether the method's schema (descriptor sets, or reflection already
 * answered) declares a stream of requests and of answers, as {@code txn.sluice.streams_request}
 * and {@code txn.sluice.streams_response}. HAProxy does not wait for a streamed body (its wait
 * would end in 408 or 504), so calls that stream need no list of paths where Sluice knows the
 * schema. A method without a schema is taken as unary: its bodies are waited for, as before.
 */
record StreamingMethod(boolean requests, boolean answers) {
    static final String MESSAGE = "sluice-grpc-method";

    static StreamingMethod of(SpoeMessage m, SharedRuntime runtime) {
        String path = m.string("path", "");
        return new StreamingMethod(runtime.grpcStreams(path, Direction.REQUEST, false),
                runtime.grpcStreams(path, Direction.RESPONSE, false));
    }

    void writeActions(SpopWriter w) {
        w.setTxnVar("streams_request").typedBool(requests);
        w.setTxnVar("streams_response").typedBool(answers);
    }
}
