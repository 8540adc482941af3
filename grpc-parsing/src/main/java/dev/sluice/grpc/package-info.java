/**
 * gRPC and protobuf reading for inspection: length-prefixed framing over arbitrary chunking,
 * the descriptor registry (FileDescriptorSet files, server reflection), schema-aware and
 * schema-less walking of messages, and re-encoding with edits for redaction. Knows nothing of
 * the rest of Sluice.
 */
package dev.sluice.grpc;
