package dev.sluice.grpc.descriptor;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the message types of a gRPC method from its {@code :path}. Front ends resolve at
 * request-headers time, before the body's inspection session opens, so a slow source (server
 * reflection) never blocks a parser.
 */
public interface MethodResolver {

    /**
     * Resolves {@code /pkg.Service/Method}. Completes with empty when the method is unknown,
     * the path is malformed or the source failed or timed out; never completes exceptionally.
     */
    CompletableFuture<Optional<MethodTypes>> resolve(String path);
}
