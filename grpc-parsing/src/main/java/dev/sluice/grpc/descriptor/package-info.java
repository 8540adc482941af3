/**
 * Where message types come from: the {@link dev.sluice.grpc.descriptor.MethodResolver} and
 * {@link dev.sluice.grpc.descriptor.MessageTypeLookup} contracts, the resolved
 * {@link dev.sluice.grpc.descriptor.MethodTypes} of a gRPC method, and the
 * {@link dev.sluice.grpc.descriptor.DescriptorRegistry} built from FileDescriptorSet files
 * ({@code protoc --include_imports --descriptor_set_out}). Server reflection lives beside it in
 * its own package.
 */
package dev.sluice.grpc.descriptor;
