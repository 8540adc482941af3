/**
 * gRPC server reflection as a descriptor source: asks the upstream for the files that define a
 * service (protocol {@code grpc.reflection.v1}, falling back to {@code v1alpha}), builds the
 * descriptor graph and caches the answer, so a deployment need not ship descriptor files.
 *
 * <p>{@link dev.sluice.grpc.reflect.ReflectionResolver} is the entry point; everything else here
 * is package-private plumbing: the method-path parser, one reflection stream per lookup, the
 * graph builder, and the positive, negative and in-flight caches.
 */
package dev.sluice.grpc.reflect;
