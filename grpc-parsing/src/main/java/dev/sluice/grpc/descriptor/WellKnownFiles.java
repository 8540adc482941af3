package dev.sluice.grpc.descriptor;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code google/protobuf/*.proto} files compiled into protobuf-java. A descriptor set made
 * without {@code --include_imports} still resolves its imports of these, and an {@code Any}
 * holding a wrapper or a Struct resolves even when no set declares them.
 */
final class WellKnownFiles {
    private static final Map<String, FileDescriptor> FILES = new HashMap<>();
    private static final Map<String, Descriptor> MESSAGES = new HashMap<>();

    static {
        for (FileDescriptor f : List.of(AnyProto.getDescriptor(), ApiProto.getDescriptor(),
                DescriptorProtos.getDescriptor(), DurationProto.getDescriptor(), EmptyProto.getDescriptor(),
                FieldMaskProto.getDescriptor(), SourceContextProto.getDescriptor(), StructProto.getDescriptor(),
                TimestampProto.getDescriptor(), TypeProto.getDescriptor(), WrappersProto.getDescriptor())) {
            FILES.put(f.getName(), f);
            for (Descriptor d : f.getMessageTypes()) {
                MESSAGES.put(d.getFullName(), d);
            }
        }
    }

    private WellKnownFiles() {
    }

    /** The built-in file named {@code name} ({@code google/protobuf/any.proto}), or null. */
    static FileDescriptor file(String name) {
        return FILES.get(name);
    }

    /** A top-level built-in message type by full name, or null. */
    static Descriptor message(String fullName) {
        return MESSAGES.get(fullName);
    }
}
