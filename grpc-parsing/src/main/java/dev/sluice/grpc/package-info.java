/**
 * gRPC and protobuf reading for inspection. {@link dev.sluice.grpc.GrpcBodyReader} is the entry:
 * fed one body chunk by chunk, it reassembles messages ({@code .frame}), walks each one by schema
 * or by wire format ({@code .walk}) and reports every string and bytes value with its field path
 * and body offset to a {@link dev.sluice.grpc.GrpcBodyListener}. Types come from the descriptor
 * registry ({@code .descriptor}); redaction re-encodes messages with edits ({@code .edit}).
 * Knows nothing of the rest of Sluice.
 */
package dev.sluice.grpc;
