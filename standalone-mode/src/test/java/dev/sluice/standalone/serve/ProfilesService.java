package dev.sluice.standalone.serve;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The gRPC service of the end-to-end tests, built from descriptors at run time (no generated code):
 * {@code demo.Profiles} with {@code Get} and {@code Export}, both {@code GetProfile(id, password)} →
 * {@code Profile(email, card_number)}, served by a real grpc-java server that counts the calls
 * reaching it. Its {@code FileDescriptorSet} is written for Sluice's {@code grpc.descriptor_sets}.
 */
public final class ProfilesService implements AutoCloseable {
    public static final MethodDescriptor<DynamicMessage, DynamicMessage> GET;
    public static final MethodDescriptor<DynamicMessage, DynamicMessage> EXPORT;
    private static final FileDescriptorProto FILE = FileDescriptorProto.newBuilder().setName("demo/profiles.proto")
            .setPackage("demo").setSyntax("proto3")
            .addMessageType(DescriptorProto.newBuilder().setName("GetProfile").addField(string("id", 1))
                    .addField(string("password", 2)))
            .addMessageType(DescriptorProto.newBuilder().setName("Profile").addField(string("email", 1))
                    .addField(string("card_number", 2)))
            .addService(ServiceDescriptorProto.newBuilder().setName("Profiles")
                    .addMethod(method("Get")).addMethod(method("Export")))
            .build();
    private static final Descriptor REQUEST;
    private static final Descriptor PROFILE;

    static {
        try {
            FileDescriptor fd = FileDescriptor.buildFrom(FILE, new FileDescriptor[0]);
            REQUEST = fd.findMessageTypeByName("GetProfile");
            PROFILE = fd.findMessageTypeByName("Profile");
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
        GET = unary("demo.Profiles/Get");
        EXPORT = unary("demo.Profiles/Export");
    }

    private final Server server;
    private final AtomicInteger calls;

    private ProfilesService(Server server, AtomicInteger calls) {
        this.server = server;
        this.calls = calls;
    }

    /**
     * A server on a free loopback port answering both methods with {@code answer} of the request;
     * a {@link StatusRuntimeException} it throws fails a {@code Get} call with its status;
     * {@code more} intercept every call after the count (a test's response metadata).
     */
    public static ProfilesService start(UnaryOperator<DynamicMessage> answer, ServerInterceptor... more)
            throws IOException {
        AtomicInteger calls = new AtomicInteger();
        ServerServiceDefinition service = ServerServiceDefinition.builder("demo.Profiles")
                .addMethod(GET, ServerCalls.asyncUnaryCall((req, out) -> {
                    try {
                        out.onNext(answer.apply(req));
                        out.onCompleted();
                    } catch (StatusRuntimeException e) {
                        out.onError(e); // a failed call: its status and message go in the trailers
                    }
                }))
                .addMethod(EXPORT, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(answer.apply(req));
                    out.onCompleted();
                })).build();
        ServerInterceptor counting = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                calls.incrementAndGet();
                return next.startCall(call, headers);
            }
        };
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(ServerInterceptors.intercept(service, more), counting))
                .build().start();
        return new ProfilesService(server, calls);
    }

    /** Writes the service's FileDescriptorSet to {@code file}. */
    public static Path writeDescriptorSet(Path file) throws IOException {
        return writeDescriptorSet(file, new FileDescriptorProto[0]);
    }

    /** The same with {@code more} files, which may import {@code demo/profiles.proto} (its messages). */
    public static Path writeDescriptorSet(Path file, FileDescriptorProto... more) throws IOException {
        Files.write(file, FileDescriptorSet.newBuilder().addFile(FILE).addAllFile(List.of(more)).build().toByteArray());
        return file;
    }

    /** {@code proto} built as a file, which may import {@code demo/profiles.proto}. */
    public static FileDescriptor build(FileDescriptorProto proto) throws DescriptorValidationException {
        return FileDescriptor.buildFrom(proto, new FileDescriptor[] {REQUEST.getFile()});
    }

    public static DynamicMessage request(String id, String password) {
        return message(REQUEST, id, password);
    }

    public static DynamicMessage profile(String email, String card) {
        return message(PROFILE, email, card);
    }

    /** A string field of {@code message} by name. */
    public static String field(DynamicMessage message, String name) {
        return (String) message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    public int port() {
        return server.getPort();
    }

    /** Calls that reached the server so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static DynamicMessage message(Descriptor type, String first, String second) {
        return DynamicMessage.newBuilder(type).setField(type.getFields().get(0), first)
                .setField(type.getFields().get(1), second).build();
    }

    private static FieldDescriptorProto.Builder string(String name, int number) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    private static MethodDescriptorProto.Builder method(String name) {
        return MethodDescriptorProto.newBuilder().setName(name).setInputType(".demo.GetProfile")
                .setOutputType(".demo.Profile");
    }

    private static MethodDescriptor<DynamicMessage, DynamicMessage> unary(String fullName) {
        return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullName)
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(REQUEST)))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(PROFILE)))
                .build();
    }
}
