/**
 * The protobuf wire format at its lowest level (protobuf encoding spec, "Message Structure"):
 * tags, varints, lengths and field skipping over a {@code byte[]}, with every malformed input
 * reported as a flag rather than an exception. Shared by the walkers and the editor so both read
 * the same structure the same way.
 */
package dev.sluice.grpc.wire;
