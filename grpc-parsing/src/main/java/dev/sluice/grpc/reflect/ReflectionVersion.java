package dev.sluice.grpc.reflect;

import io.grpc.MethodDescriptor;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;

/**
 * The two published versions of the server reflection protocol.
 *
 * <p>Both use the v1 message classes. v1 is a renamed copy of v1alpha (same messages, same field
 * numbers), so the bytes on the wire are identical and only the method path differs; grpc-java's
 * own {@code ProtoReflectionService} serves v1alpha the same way. One code path then handles both.
 */
public enum ReflectionVersion {
    /** {@code grpc.reflection.v1.ServerReflection}, tried first. */
    V1(ServerReflectionGrpc.getServerReflectionInfoMethod()),
    /** {@code grpc.reflection.v1alpha.ServerReflection}, for older servers. */
    V1ALPHA(ServerReflectionGrpc.getServerReflectionInfoMethod().toBuilder()
            .setFullMethodName(MethodDescriptor.generateFullMethodName(
                    "grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo"))
            .setSchemaDescriptor(null)
            .build());

    private final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method;

    ReflectionVersion(MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method) {
        this.method = method;
    }

    MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method() {
        return method;
    }

    ReflectionVersion other() {
        return this == V1 ? V1ALPHA : V1;
    }
}
