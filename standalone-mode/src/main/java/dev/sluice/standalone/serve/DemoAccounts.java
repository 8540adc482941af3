package dev.sluice.standalone.serve;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.Locale;

/**
 * The gRPC service of {@code sluice demo}, {@code demo.Accounts}, defined without generated code:
 * its {@code .proto} is built here as a {@link FileDescriptorProto}, messages are
 * {@link DynamicMessage}s, and the service carries its descriptor as schema so that grpc-java's
 * server reflection can describe it to Sluice. Equivalent to:
 *
 * <pre>
 * package demo;
 * message GetAccountRequest { string id = 1; }
 * message Account { string name = 1; string email = 2; string card_number = 3; string api_key = 16; }
 * message SearchRequest { string query = 1; }
 * message SearchResponse { repeated Account accounts = 1; }
 * service Accounts {
 *   rpc GetAccount(GetAccountRequest) returns (Account);   // always Alice, whatever the id
 *   rpc Search(SearchRequest) returns (SearchResponse);    // accounts whose name or e-mail contain the query
 * }
 * </pre>
 *
 * The API key is field 16, not 4, so that every byte between the strings of an encoded
 * {@code Account} is unprintable (the key of field 4 is {@code "}, of 16 two bytes over 0x7f): the
 * demo's curl command shows the answer by keeping its printable runs.
 *
 * <p>All values are invented; the card numbers are test numbers of their brands.
 */
final class DemoAccounts {
    static final String SERVICE = "demo.Accounts";
    static final FileDescriptor FILE = file();
    static final Descriptor GET_ACCOUNT_REQUEST = FILE.findMessageTypeByName("GetAccountRequest");
    static final Descriptor ACCOUNT = FILE.findMessageTypeByName("Account");
    static final Descriptor SEARCH_REQUEST = FILE.findMessageTypeByName("SearchRequest");
    static final Descriptor SEARCH_RESPONSE = FILE.findMessageTypeByName("SearchResponse");
    static final MethodDescriptor<DynamicMessage, DynamicMessage> GET_ACCOUNT = method("GetAccount");
    static final MethodDescriptor<DynamicMessage, DynamicMessage> SEARCH = method("Search");

    static final String ALICE_CARD = "4111111111111111";
    static final String ALICE_API_KEY = "sk_live_51Hq8ZtK2vR7xW3pL9nB4yH6cJ";
    static final DynamicMessage ALICE = account("Alice Nguyen", "alice.nguyen@fastmail.com", ALICE_CARD, ALICE_API_KEY);
    static final DynamicMessage BOB = account("Bob Okafor", "bob.okafor@protonmail.com", "5555555555554444",
            "rk_live_73Pd2QmX8vB5nL1tR6yK9wZ4eF");

    private DemoAccounts() {
    }

    /** The service with its handlers, described for server reflection. */
    static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(ServiceDescriptor.newBuilder(SERVICE)
                        .setSchemaDescriptor(new Schema(null)).addMethod(GET_ACCOUNT).addMethod(SEARCH).build())
                .addMethod(GET_ACCOUNT, ServerCalls.asyncUnaryCall((request, out) -> {
                    out.onNext(ALICE);
                    out.onCompleted();
                }))
                .addMethod(SEARCH, ServerCalls.asyncUnaryCall((request, out) -> {
                    out.onNext(search((String) request.getField(SEARCH_REQUEST.findFieldByName("query"))));
                    out.onCompleted();
                }))
                .build();
    }

    static DynamicMessage searchRequest(String query) {
        return DynamicMessage.newBuilder(SEARCH_REQUEST).setField(SEARCH_REQUEST.findFieldByName("query"), query).build();
    }

    static String field(DynamicMessage account, String name) {
        return (String) account.getField(ACCOUNT.findFieldByName(name));
    }

    private static DynamicMessage search(String query) {
        String q = query.toLowerCase(Locale.ROOT);
        DynamicMessage.Builder b = DynamicMessage.newBuilder(SEARCH_RESPONSE);
        for (DynamicMessage a : List.of(ALICE, BOB)) {
            if (field(a, "name").toLowerCase(Locale.ROOT).contains(q) || field(a, "email").contains(q)) {
                b.addRepeatedField(SEARCH_RESPONSE.findFieldByName("accounts"), a);
            }
        }
        return b.build();
    }

    private static DynamicMessage account(String name, String email, String card, String apiKey) {
        return DynamicMessage.newBuilder(ACCOUNT).setField(ACCOUNT.findFieldByName("name"), name)
                .setField(ACCOUNT.findFieldByName("email"), email)
                .setField(ACCOUNT.findFieldByName("card_number"), card)
                .setField(ACCOUNT.findFieldByName("api_key"), apiKey).build();
    }

    private static MethodDescriptor<DynamicMessage, DynamicMessage> method(String name) {
        Descriptors.MethodDescriptor m = FILE.findServiceByName("Accounts").findMethodByName(name);
        return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getOutputType())))
                .setSchemaDescriptor(new Schema(name))
                .build();
    }

    private static FileDescriptor file() {
        FileDescriptorProto proto = FileDescriptorProto.newBuilder().setName("demo/accounts.proto")
                .setPackage("demo").setSyntax("proto3")
                .addMessageType(message("GetAccountRequest", "id"))
                .addMessageType(message("Account", "name", "email", "card_number").toBuilder()
                        .addField(string("api_key", 16)))
                .addMessageType(message("SearchRequest", "query"))
                .addMessageType(DescriptorProto.newBuilder().setName("SearchResponse").addField(
                        FieldDescriptorProto.newBuilder().setName("accounts").setNumber(1)
                                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".demo.Account")))
                .addService(ServiceDescriptorProto.newBuilder().setName("Accounts")
                        .addMethod(rpc("GetAccount", "GetAccountRequest", "Account"))
                        .addMethod(rpc("Search", "SearchRequest", "SearchResponse")))
                .build();
        try {
            return FileDescriptor.buildFrom(proto, new FileDescriptor[0]);
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("the demo's own descriptor is invalid", e);
        }
    }

    /** A message of string fields numbered from 1 in the order given. */
    private static DescriptorProto message(String name, String... fields) {
        DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
        for (int i = 0; i < fields.length; i++) {
            b.addField(string(fields[i], i + 1));
        }
        return b.build();
    }

    private static FieldDescriptorProto string(String name, int number) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setType(FieldDescriptorProto.Type.TYPE_STRING).build();
    }

    private static MethodDescriptorProto rpc(String name, String input, String output) {
        return MethodDescriptorProto.newBuilder().setName(name).setInputType(".demo." + input)
                .setOutputType(".demo." + output).build();
    }

    /**
     * What grpc-java's reflection reads from a service (and its methods) to find their file, as it
     * does for generated stubs; {@code method} is null for the service itself.
     */
    private record Schema(String method) implements ProtoServiceDescriptorSupplier, ProtoMethodDescriptorSupplier {
        @Override
        public FileDescriptor getFileDescriptor() {
            return FILE;
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return FILE.findServiceByName("Accounts");
        }

        @Override
        public Descriptors.MethodDescriptor getMethodDescriptor() {
            return method == null ? null : getServiceDescriptor().findMethodByName(method);
        }
    }
}
