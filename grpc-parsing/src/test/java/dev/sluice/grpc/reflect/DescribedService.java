package dev.sluice.grpc.reflect;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A gRPC service defined by a descriptor built at run time. grpc-java's reflection finds a
 * service's files through the schema descriptor of its {@link ServiceDescriptor} (a
 * {@link ProtoFileDescriptorSupplier}), exactly as for generated stubs. A method without a handler
 * answers {@code UNIMPLEMENTED}: where only reflection is under test, none has one.
 */
public final class DescribedService {

    private DescribedService() {
    }

    /** {@code service}, every method answering {@code UNIMPLEMENTED}, its schema found by reflection. */
    public static ServerServiceDefinition of(Descriptors.ServiceDescriptor service) {
        return of(service, Map.of());
    }

    /**
     * {@code service} with the handlers of {@code handlers} by method name (messages as their
     * encoded bytes), every other method answering {@code UNIMPLEMENTED}; its schema found by
     * reflection.
     */
    public static ServerServiceDefinition of(Descriptors.ServiceDescriptor service,
                                             Map<String, ServerCallHandler<byte[], byte[]>> handlers) {
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(service.getFullName())
                .setSchemaDescriptor(new ServiceSchema(service));
        for (Descriptors.MethodDescriptor method : service.getMethods()) {
            MethodDescriptor<byte[], byte[]> grpcMethod = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(typeOf(method))
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(service.getFullName(), method.getName()))
                    .setRequestMarshaller(BYTES)
                    .setResponseMarshaller(BYTES)
                    .setSchemaDescriptor(new MethodSchema(service, method.getName()))
                    .build();
            descriptor.addMethod(grpcMethod);
        }
        ServiceDescriptor built = descriptor.build();
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(built);
        for (MethodDescriptor<?, ?> method : built.getMethods()) {
            @SuppressWarnings("unchecked")
            MethodDescriptor<byte[], byte[]> bytesMethod = (MethodDescriptor<byte[], byte[]>) method;
            definition.addMethod(bytesMethod, handlers.getOrDefault(
                    MethodDescriptor.extractBareMethodName(method.getFullMethodName()), UNIMPLEMENTED));
        }
        return definition.build();
    }

    private static MethodDescriptor.MethodType typeOf(Descriptors.MethodDescriptor method) {
        if (method.isClientStreaming()) {
            return method.isServerStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING
                    : MethodDescriptor.MethodType.CLIENT_STREAMING;
        }
        return method.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING
                : MethodDescriptor.MethodType.UNARY;
    }

    private static final ServerCallHandler<byte[], byte[]> UNIMPLEMENTED = new ServerCallHandler<>() {
        @Override
        public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
            call.close(Status.UNIMPLEMENTED, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
    };

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static class ServiceSchema implements ProtoFileDescriptorSupplier, ProtoServiceDescriptorSupplier {
        private final Descriptors.ServiceDescriptor service;

        ServiceSchema(Descriptors.ServiceDescriptor service) {
            this.service = service;
        }

        @Override
        public FileDescriptor getFileDescriptor() {
            return service.getFile();
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return service;
        }
    }

    private static final class MethodSchema extends ServiceSchema implements ProtoMethodDescriptorSupplier {
        private final String method;

        MethodSchema(Descriptors.ServiceDescriptor service, String method) {
            super(service);
            this.method = method;
        }

        @Override
        public Descriptors.MethodDescriptor getMethodDescriptor() {
            return getServiceDescriptor().findMethodByName(method);
        }
    }
}
