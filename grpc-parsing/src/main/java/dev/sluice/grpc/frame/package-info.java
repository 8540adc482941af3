/**
 * gRPC length-prefixed message framing (grpc/grpc PROTOCOL-HTTP2.md, "Length-Prefixed-Message";
 * PROTOCOL-WEB.md for grpc-web trailer frames) over arbitrarily chunked bodies:
 * {@link dev.sluice.grpc.frame.GrpcFrameDecoder} reassembles messages under a size limit and
 * decompresses them per {@code grpc-encoding}; {@link dev.sluice.grpc.frame.GrpcTrailers} reads
 * {@code grpc-status} and {@code grpc-message}.
 */
package dev.sluice.grpc.frame;
