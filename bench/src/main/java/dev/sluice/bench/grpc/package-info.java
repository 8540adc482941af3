/** Benchmarks of the gRPC parsing module: walking corpus protobuf messages. */
package dev.sluice.bench.grpc;
