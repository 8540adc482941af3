/**
 * Walking one protobuf message and handing every string and bytes value, with its field path,
 * its context key and its offset in the body, to a {@link dev.sluice.grpc.walk.ValueVisitor}.
 * {@link dev.sluice.grpc.walk.ProtobufWalker} is the entry: schema-aware when a descriptor is
 * known (field names, maps, repeated indices, well-known types, {@code Any} by type URL),
 * schema-less otherwise (field numbers, each length-delimited field sniffed as message, text or
 * bytes). Malformed data and depth limits become {@link dev.sluice.grpc.walk.WalkProblem}s, and
 * the bytes that could not be walked are still handed over as raw values.
 */
package dev.sluice.grpc.walk;
