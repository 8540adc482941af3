/**
 * Re-encoding a protobuf message with some string or bytes values replaced, for redaction:
 * {@link dev.sluice.grpc.edit.MessageEditor} applies {@link dev.sluice.grpc.edit.ValueEdit}s
 * (value ranges as the walker reported them) and rewrites every enclosing length prefix;
 * {@link dev.sluice.grpc.edit.GrpcFrames} wraps the result in a new gRPC frame.
 */
package dev.sluice.grpc.edit;
