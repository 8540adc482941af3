package dev.sluice.grpc.reflect;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.grpc.Status;
import io.grpc.reflection.v1.ErrorResponse;
import io.grpc.reflection.v1.FileDescriptorResponse;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reflection v1 server written for tests, serving whatever files it is given, broken or not.
 * Unlike grpc-java's, it answers each request with only the file asked for, never its imports,
 * as some other servers do, so the client has to follow imports itself. It can also hold every
 * answer behind a gate, or never answer at all.
 */
final class ScriptedReflectionService extends ServerReflectionGrpc.ServerReflectionImplBase {

    private final Map<String, ByteString> filesByName = new ConcurrentHashMap<>();
    private final Map<String, String> fileBySymbol = new ConcurrentHashMap<>();
    private final AtomicInteger symbolRequests = new AtomicInteger();
    private final AtomicInteger fileRequests = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean silent;

    /** Serves {@code files}; each top-level service and message is findable by symbol. */
    static ScriptedReflectionService serving(List<FileDescriptorProto> files) {
        ScriptedReflectionService service = new ScriptedReflectionService();
        files.forEach(service::add);
        return service;
    }

    /** Never answers, never closes: the client's deadline must end the call. */
    static ScriptedReflectionService silent() {
        ScriptedReflectionService service = new ScriptedReflectionService();
        service.silent = true;
        return service;
    }

    ScriptedReflectionService add(FileDescriptorProto file) {
        String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
        for (ServiceDescriptorProto service : file.getServiceList()) {
            fileBySymbol.put(prefix + service.getName(), file.getName());
        }
        for (DescriptorProto message : file.getMessageTypeList()) {
            fileBySymbol.put(prefix + message.getName(), file.getName());
        }
        filesByName.put(file.getName(), file.toByteString());
        return this;
    }

    /** Serves raw bytes as the file for {@code symbol}, for malformed-descriptor cases. */
    ScriptedReflectionService addRaw(String symbol, String fileName, ByteString bytes) {
        fileBySymbol.put(symbol, fileName);
        filesByName.put(fileName, bytes);
        return this;
    }

    /** Holds every answer until the returned latch is counted down (at most 10 s). */
    CountDownLatch holdAnswers() {
        CountDownLatch latch = new CountDownLatch(1);
        gate = latch;
        return latch;
    }

    int symbolRequests() {
        return symbolRequests.get();
    }

    int fileRequests() {
        return fileRequests.get();
    }

    @Override
    public StreamObserver<ServerReflectionRequest> serverReflectionInfo(
            StreamObserver<ServerReflectionResponse> responses) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionRequest request) {
                switch (request.getMessageRequestCase()) {
                    case FILE_CONTAINING_SYMBOL -> symbolRequests.incrementAndGet();
                    case FILE_BY_FILENAME -> fileRequests.incrementAndGet();
                    default -> { }
                }
                if (silent) {
                    return;
                }
                awaitGate();
                String name = request.hasFileContainingSymbol()
                        ? fileBySymbol.get(request.getFileContainingSymbol())
                        : request.getFileByFilename();
                ByteString bytes = name == null ? null : filesByName.get(name);
                ServerReflectionResponse.Builder response = ServerReflectionResponse.newBuilder()
                        .setOriginalRequest(request);
                if (bytes == null) {
                    response.setErrorResponse(ErrorResponse.newBuilder()
                            .setErrorCode(Status.Code.NOT_FOUND.value()).setErrorMessage("not found"));
                } else {
                    response.setFileDescriptorResponse(FileDescriptorResponse.newBuilder().addFileDescriptorProto(bytes));
                }
                responses.onNext(response.build());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                if (!silent) {
                    responses.onCompleted();
                }
            }
        };
    }

    private void awaitGate() {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
