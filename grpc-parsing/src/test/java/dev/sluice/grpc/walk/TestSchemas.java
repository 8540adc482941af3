package dev.sluice.grpc.walk;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.StructProto;
import com.google.protobuf.WrappersProto;
import dev.sluice.grpc.descriptor.DescriptorLoadException;
import dev.sluice.grpc.descriptor.DescriptorRegistry;

/**
 * Test message types built in code (no protoc):
 *
 * <pre>
 * // test/walk.proto, proto3
 * message Inner { string s = 1; bytes b = 2; repeated string rs = 3; Inner child = 4; int32 n = 5; }
 * message Outer {
 *   string name = 1; Inner inner = 2; repeated Inner items = 3; map&lt;string,string&gt; labels = 4;
 *   map&lt;int32,Inner&gt; by_id = 5; repeated int32 packed = 6; repeated int64 unpacked = 7 [packed=false];
 *   oneof choice { string text = 8; Inner sub = 9; }
 *   bytes blob = 10; double d = 11; fixed32 f = 12;
 *   google.protobuf.Any any = 13; google.protobuf.Struct meta = 14;
 *   google.protobuf.StringValue wrapped = 15; google.protobuf.BytesValue wrapped_bytes = 16;
 *   repeated google.protobuf.Any anys = 17; google.protobuf.Value value = 18;
 *   google.protobuf.ListValue list = 19; map&lt;bool,string&gt; flags = 20; map&lt;sint64,string&gt; zig = 21;
 *   repeated string tags = 22; string big = 1000;
 * }
 * message Recursive { Recursive next = 1; string leaf = 2; }
 *
 * // test/legacy.proto, proto2
 * message Legacy { optional group Item = 1 { optional string note = 2; }
 *                  repeated group Row = 3 { optional string cell = 4; } optional string title = 5; }
 * </pre>
 */
public final class TestSchemas {
    public static final String PACKAGE = "test";
    public static final FileDescriptor WALK;
    public static final FileDescriptor LEGACY;

    static {
        try {
            WALK = FileDescriptor.buildFrom(walkProto(), new FileDescriptor[] {
                AnyProto.getDescriptor(), StructProto.getDescriptor(), WrappersProto.getDescriptor()});
            LEGACY = FileDescriptor.buildFrom(legacyProto(), new FileDescriptor[0]);
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestSchemas() {
    }

    public static Descriptor outer() {
        return WALK.findMessageTypeByName("Outer");
    }

    public static Descriptor inner() {
        return WALK.findMessageTypeByName("Inner");
    }

    public static Descriptor recursive() {
        return WALK.findMessageTypeByName("Recursive");
    }

    public static Descriptor legacy() {
        return LEGACY.findMessageTypeByName("Legacy");
    }

    /** A registry over both test files (well-known imports resolve to protobuf-java's copies). */
    public static DescriptorRegistry registry() {
        try {
            return DescriptorRegistry.builder()
                    .addSet("test-schemas", FileDescriptorSet.newBuilder()
                            .addFile(WALK.toProto()).addFile(LEGACY.toProto()).build())
                    .build();
        } catch (DescriptorLoadException e) {
            throw new AssertionError(e);
        }
    }

    private static FileDescriptorProto walkProto() {
        DescriptorProto inner = DescriptorProto.newBuilder().setName("Inner")
                .addField(field("s", 1, Type.TYPE_STRING))
                .addField(field("b", 2, Type.TYPE_BYTES))
                .addField(repeated(field("rs", 3, Type.TYPE_STRING)))
                .addField(message("child", 4, ".test.Inner"))
                .addField(field("n", 5, Type.TYPE_INT32))
                .build();
        DescriptorProto outer = DescriptorProto.newBuilder().setName("Outer")
                .addField(field("name", 1, Type.TYPE_STRING))
                .addField(message("inner", 2, ".test.Inner"))
                .addField(repeated(message("items", 3, ".test.Inner")))
                .addField(repeated(message("labels", 4, ".test.Outer.LabelsEntry")))
                .addNestedType(mapEntry("LabelsEntry", Type.TYPE_STRING, field("value", 2, Type.TYPE_STRING)))
                .addField(repeated(message("by_id", 5, ".test.Outer.ByIdEntry")))
                .addNestedType(mapEntry("ByIdEntry", Type.TYPE_INT32, message("value", 2, ".test.Inner")))
                .addField(repeated(field("packed", 6, Type.TYPE_INT32)))
                .addField(repeated(field("unpacked", 7, Type.TYPE_INT64)).toBuilder()
                        .setOptions(FieldOptions.newBuilder().setPacked(false)))
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice"))
                .addField(field("text", 8, Type.TYPE_STRING).toBuilder().setOneofIndex(0))
                .addField(message("sub", 9, ".test.Inner").toBuilder().setOneofIndex(0))
                .addField(field("blob", 10, Type.TYPE_BYTES))
                .addField(field("d", 11, Type.TYPE_DOUBLE))
                .addField(field("f", 12, Type.TYPE_FIXED32))
                .addField(message("any", 13, ".google.protobuf.Any"))
                .addField(message("meta", 14, ".google.protobuf.Struct"))
                .addField(message("wrapped", 15, ".google.protobuf.StringValue"))
                .addField(message("wrapped_bytes", 16, ".google.protobuf.BytesValue"))
                .addField(repeated(message("anys", 17, ".google.protobuf.Any")))
                .addField(message("value", 18, ".google.protobuf.Value"))
                .addField(message("list", 19, ".google.protobuf.ListValue"))
                .addField(repeated(message("flags", 20, ".test.Outer.FlagsEntry")))
                .addNestedType(mapEntry("FlagsEntry", Type.TYPE_BOOL, field("value", 2, Type.TYPE_STRING)))
                .addField(repeated(message("zig", 21, ".test.Outer.ZigEntry")))
                .addNestedType(mapEntry("ZigEntry", Type.TYPE_SINT64, field("value", 2, Type.TYPE_STRING)))
                .addField(repeated(field("tags", 22, Type.TYPE_STRING)))
                .addField(field("big", 1000, Type.TYPE_STRING))
                .build();
        DescriptorProto recursive = DescriptorProto.newBuilder().setName("Recursive")
                .addField(message("next", 1, ".test.Recursive"))
                .addField(field("leaf", 2, Type.TYPE_STRING))
                .build();
        return FileDescriptorProto.newBuilder().setName("test/walk.proto").setPackage(PACKAGE).setSyntax("proto3")
                .addDependency("google/protobuf/any.proto")
                .addDependency("google/protobuf/struct.proto")
                .addDependency("google/protobuf/wrappers.proto")
                .addMessageType(inner).addMessageType(outer).addMessageType(recursive)
                .build();
    }

    private static FileDescriptorProto legacyProto() {
        DescriptorProto item = DescriptorProto.newBuilder().setName("Item")
                .addField(field("note", 2, Type.TYPE_STRING)).build();
        DescriptorProto row = DescriptorProto.newBuilder().setName("Row")
                .addField(field("cell", 4, Type.TYPE_STRING)).build();
        DescriptorProto legacy = DescriptorProto.newBuilder().setName("Legacy")
                .addNestedType(item).addNestedType(row)
                .addField(field("item", 1, Type.TYPE_GROUP).toBuilder().setTypeName(".test.Legacy.Item"))
                .addField(repeated(field("row", 3, Type.TYPE_GROUP)).toBuilder().setTypeName(".test.Legacy.Row"))
                .addField(field("title", 5, Type.TYPE_STRING))
                .build();
        return FileDescriptorProto.newBuilder().setName("test/legacy.proto").setPackage(PACKAGE)
                .setSyntax("proto2").addMessageType(legacy).build();
    }

    static FieldDescriptorProto field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(Label.LABEL_OPTIONAL).build();
    }

    static FieldDescriptorProto message(String name, int number, String typeName) {
        return field(name, number, Type.TYPE_MESSAGE).toBuilder().setTypeName(typeName).build();
    }

    static FieldDescriptorProto repeated(FieldDescriptorProto f) {
        return f.toBuilder().setLabel(Label.LABEL_REPEATED).build();
    }

    static DescriptorProto mapEntry(String name, Type keyType, FieldDescriptorProto value) {
        return DescriptorProto.newBuilder().setName(name)
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(field("key", 1, keyType))
                .addField(value)
                .build();
    }
}
