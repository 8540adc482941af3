package dev.sluice.inspector;

import com.google.protobuf.Descriptors.Descriptor;
import dev.sluice.grpc.descriptor.MessageTypeLookup;

/**
 * How to read the protobuf messages of one body. The front end resolves the message type before
 * the body's session opens (from the gRPC method and the direction, or from configuration for a
 * route that carries raw protobuf), so parsing never waits on a descriptor source.
 *
 * @param messageType  the type of every message in the body, or null to walk them schema-less
 * @param lookup       resolves {@code google.protobuf.Any} type URLs; null leaves Any values schema-less
 * @param grpcEncoding the call's {@code grpc-encoding} header (compressed messages), or null
 */
public record ProtobufSpec(Descriptor messageType, MessageTypeLookup lookup, String grpcEncoding) {

    /** Messages of unknown type: the wire format alone decides what is text. */
    public static ProtobufSpec schemaless() {
        return new ProtobufSpec(null, null, null);
    }

    /** Messages of {@code type}, with {@code lookup} for Any values. */
    public static ProtobufSpec of(Descriptor type, MessageTypeLookup lookup) {
        return new ProtobufSpec(type, lookup, null);
    }

    /** The same, for a call whose messages may be compressed with {@code encoding}. */
    public ProtobufSpec withGrpcEncoding(String encoding) {
        return new ProtobufSpec(messageType, lookup, encoding);
    }
}
