package dev.sluice.grpc.reflect;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
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
import java.util.Map;

/**
 * The {@code google/protobuf/*.proto} files compiled into protobuf-java. An import of one of
 * these that the server did not send is served from here instead of asked for: every protobuf
 * runtime carries the same definitions, and some servers do not register them for reflection.
 */
final class WellKnownFiles {

    private static final Map<String, FileDescriptor> BY_NAME = index(
            AnyProto.getDescriptor(), ApiProto.getDescriptor(), DescriptorProtos.getDescriptor(),
            DurationProto.getDescriptor(), EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(),
            SourceContextProto.getDescriptor(), StructProto.getDescriptor(),
            TimestampProto.getDescriptor(), TypeProto.getDescriptor(), WrappersProto.getDescriptor());

    private WellKnownFiles() {
    }

    /** Returns the bundled file of that name, or null. */
    static FileDescriptor find(String name) {
        return BY_NAME.get(name);
    }

    private static Map<String, FileDescriptor> index(FileDescriptor... files) {
        Map<String, FileDescriptor> byName = new HashMap<>();
        for (FileDescriptor file : files) {
            byName.put(file.getName(), file);
        }
        return Map.copyOf(byName);
    }
}
