package dev.sluice.grpc.reflect;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Descriptor files built in code, so tests need no protoc and can shape imports at will. */
final class TestFiles {

    static final String COMMON = "sluice/test/common.proto";
    static final String USERS = "sluice/test/users.proto";
    static final String ORDERS = "sluice/test/orders.proto";
    static final String USER_SERVICE = "sluice.test.users.UserService";
    static final String ORDER_SERVICE = "sluice.test.orders.OrderService";

    private TestFiles() {
    }

    /** {@code sluice.test.common}: Address with a nested Geo. */
    static FileDescriptorProto common() {
        return file(COMMON, "sluice.test.common", List.of(),
                message("Address", scalar("line", 1, Type.TYPE_STRING), ref("geo", 2, ".sluice.test.common.Address.Geo"))
                        .toBuilder().addNestedType(message("Geo", scalar("lat", 1, Type.TYPE_DOUBLE))).build());
    }

    /** {@code sluice.test.users}: imports common and google/protobuf/any.proto; three methods. */
    static FileDescriptorProto users() {
        return file(USERS, "sluice.test.users", List.of(COMMON, "google/protobuf/any.proto"),
                message("GetUserRequest", scalar("id", 1, Type.TYPE_STRING)),
                message("User", scalar("email", 1, Type.TYPE_STRING),
                        ref("address", 2, ".sluice.test.common.Address"), ref("extra", 3, ".google.protobuf.Any")))
                .toBuilder()
                .addService(ServiceDescriptorProto.newBuilder().setName("UserService")
                        .addMethod(method("GetUser", ".sluice.test.users.GetUserRequest", ".sluice.test.users.User", false, false))
                        .addMethod(method("Watch", ".sluice.test.users.GetUserRequest", ".sluice.test.users.User", true, true))
                        .addMethod(method("List", ".sluice.test.users.GetUserRequest", ".sluice.test.users.User", false, true)))
                .build();
    }

    /** {@code sluice.test.orders}: a standalone file with one service and {@code fields} padding fields. */
    static FileDescriptorProto orders(int fields) {
        DescriptorProto.Builder order = message("Order", scalar("id", 1, Type.TYPE_STRING)).toBuilder();
        for (int i = 0; i < fields; i++) {
            order.addField(scalar("padding_field_number_" + i, i + 2, Type.TYPE_STRING));
        }
        return file(ORDERS, "sluice.test.orders", List.of(), order.build()).toBuilder()
                .addService(ServiceDescriptorProto.newBuilder().setName("OrderService")
                        .addMethod(method("Get", ".sluice.test.orders.Order", ".sluice.test.orders.Order", false, false)))
                .build();
    }

    /**
     * Files {@code chain/f0.proto} … {@code f(n-1)}, each importing the next; f0 defines
     * {@code sluice.chain.ChainService/Call(M0) returns (M0)} and M(i) holds an M(i+1).
     */
    static List<FileDescriptorProto> chain(int n) {
        Map<Integer, List<Integer>> imports = new HashMap<>();
        for (int i = 0; i + 1 < n; i++) {
            imports.put(i, List.of(i + 1));
        }
        return graph(n, imports);
    }

    /** Files f0 … f(n-1) with the given imports (by index); f0 defines the service. */
    static List<FileDescriptorProto> graph(int n, Map<Integer, List<Integer>> imports) {
        List<FileDescriptorProto> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DescriptorProto.Builder message = message("M" + i, scalar("id", 1, Type.TYPE_STRING)).toBuilder();
            List<String> deps = new ArrayList<>();
            int field = 2;
            for (int target : imports.getOrDefault(i, List.of())) {
                deps.add(chainName(target));
                message.addField(ref("m" + target, field++, ".sluice.chain.M" + target));
            }
            FileDescriptorProto.Builder file = file(chainName(i), "sluice.chain", deps, message.build()).toBuilder();
            if (i == 0) {
                file.addService(ServiceDescriptorProto.newBuilder().setName("ChainService")
                        .addMethod(method("Call", ".sluice.chain.M0", ".sluice.chain.M0", false, false)));
            }
            files.add(file.build());
        }
        return files;
    }

    static String chainName(int i) {
        return "chain/f" + i + ".proto";
    }

    /**
     * Links files given in any order whose imports are all present (well-known ones from the
     * runtime), the way a server would: round after round, each file whose imports are all built.
     * Independent of {@link FileGraph}, which is under test.
     */
    static List<FileDescriptor> link(List<FileDescriptorProto> protos) {
        Map<String, FileDescriptor> built = new HashMap<>();
        List<FileDescriptorProto> waiting = new ArrayList<>(protos);
        while (!waiting.isEmpty()) {
            int before = waiting.size();
            waiting.removeIf(proto -> tryBuild(proto, built));
            if (waiting.size() == before) {
                throw new IllegalArgumentException("unresolvable imports in " + waiting.get(0).getName());
            }
        }
        return protos.stream().map(p -> built.get(p.getName())).toList();
    }

    private static boolean tryBuild(FileDescriptorProto proto, Map<String, FileDescriptor> built) {
        List<FileDescriptor> deps = new ArrayList<>();
        for (String name : proto.getDependencyList()) {
            FileDescriptor dep = built.containsKey(name) ? built.get(name) : WellKnownFiles.find(name);
            if (dep == null) {
                return false;
            }
            deps.add(dep);
        }
        try {
            built.put(proto.getName(), FileDescriptor.buildFrom(proto, deps.toArray(FileDescriptor[]::new)));
            return true;
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static FileDescriptorProto file(String name, String pkg, List<String> deps, DescriptorProto... messages) {
        return FileDescriptorProto.newBuilder().setName(name).setPackage(pkg).setSyntax("proto3")
                .addAllDependency(deps).addAllMessageType(List.of(messages)).build();
    }

    static DescriptorProto message(String name, FieldDescriptorProto... fields) {
        return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields)).build();
    }

    static FieldDescriptorProto scalar(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(Label.LABEL_OPTIONAL).build();
    }

    static FieldDescriptorProto ref(String name, int number, String typeName) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(Type.TYPE_MESSAGE)
                .setTypeName(typeName).setLabel(Label.LABEL_OPTIONAL).build();
    }

    static MethodDescriptorProto method(String name, String in, String out, boolean clientStreaming,
                                        boolean serverStreaming) {
        return MethodDescriptorProto.newBuilder().setName(name).setInputType(in).setOutputType(out)
                .setClientStreaming(clientStreaming).setServerStreaming(serverStreaming).build();
    }
}
