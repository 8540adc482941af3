package dev.sluice.standalone.cli;

import com.google.protobuf.Descriptors.Descriptor;
import dev.sluice.grpc.descriptor.DescriptorLoadException;
import dev.sluice.grpc.descriptor.DescriptorRegistry;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The protobuf side of {@code sluice scan}: descriptor sets loaded once each, and for every body
 * the message type its gRPC method or {@code message_type} names. Problems are reported on
 * stderr and leave the body schema-less; {@link #failed()} tells the exit code about them.
 */
final class ProtobufSpecs {
    private final PrintStream err;
    private final Map<Path, Optional<DescriptorRegistry>> registries = new HashMap<>();
    private boolean schemaLess;
    private boolean failed;

    ProtobufSpecs(PrintStream err) {
        this.err = err;
    }

    /** {@code --no-schema}: every protobuf body is walked schema-less. */
    void readSchemaLess() {
        schemaLess = true;
    }

    boolean failed() {
        return failed;
    }

    /**
     * How to read the body's protobuf messages: the type the gRPC method has in this direction,
     * else the named message type, from the descriptor set; schema-less with {@code --no-schema},
     * without a descriptor set, or (reported) when the set cannot be read or lacks the type.
     * Null for a body that names none of these and is not gRPC or protobuf.
     */
    ProtobufSpec resolve(String where, Path descriptorSet, String grpcMethod, String messageType,
                                  Direction direction, String contentType) {
        MediaKind kind = MediaKind.of(contentType);
        boolean protobufBody = kind == MediaKind.GRPC || kind == MediaKind.PROTOBUF;
        if (descriptorSet == null && grpcMethod == null && messageType == null) {
            return protobufBody ? ProtobufSpec.schemaless() : null;
        }
        if (schemaLess) {
            return ProtobufSpec.schemaless();
        }
        if (descriptorSet == null) {
            err.println(where + ": a gRPC method or message type needs a descriptor set; reading schema-less");
            failed = true;
            return ProtobufSpec.schemaless();
        }
        Optional<DescriptorRegistry> registry = registries.computeIfAbsent(descriptorSet, p -> load(where, p));
        if (registry.isEmpty()) {
            return ProtobufSpec.schemaless();
        }
        Optional<Descriptor> type = Optional.empty();
        if (grpcMethod != null) {
            type = registry.get().method(grpcMethod)
                    .map(m -> m.messageType(direction == Direction.REQUEST));
        }
        if (type.isEmpty() && messageType != null) {
            type = registry.get().find(messageType);
        }
        if (type.isEmpty()) {
            err.println(where + ": " + (grpcMethod != null ? "method " + grpcMethod : "message type " + messageType)
                    + " is not in " + descriptorSet + "; reading schema-less");
            failed = true;
            return ProtobufSpec.schemaless();
        }
        return ProtobufSpec.of(type.get(), registry.get());
    }

    private Optional<DescriptorRegistry> load(String where, Path descriptorSet) {
        try {
            return Optional.of(DescriptorRegistry.builder().addFile(descriptorSet).build());
        } catch (DescriptorLoadException | RuntimeException e) {
            err.println(where + ": cannot load descriptor set " + descriptorSet + ": " + e.getMessage());
            failed = true;
            return Optional.empty();
        }
    }
}
