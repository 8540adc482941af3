package dev.sluice.grpc.reflect;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.reflection.v1.ErrorResponse;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One reflection lookup over one bidirectional stream: asks {@code file_containing_symbol}, then
 * {@code file_by_filename} for every import the server did not send, until the set of files is
 * closed under imports. Servers differ here: grpc-java sends the whole import closure at once,
 * others send only the file asked for.
 *
 * <p>Limits: at most {@code maxFiles} files received or asked for, at most {@code maxBytes}
 * serialized bytes in all, and one response no larger than {@code maxBytes} (enforced by the
 * transport). The deadline is in the call options. The stream answers each request in order
 * (the protocol has no request ids), so each response is paired with the oldest open request.
 *
 * <p>All state is guarded by {@code this}: gRPC serializes callbacks, but the first request is
 * sent from the caller's thread and a hostile server may answer before that send returns.
 */
final class ReflectionStream
        implements ClientResponseObserver<ServerReflectionRequest, ServerReflectionResponse> {

    private final String symbol;
    private final int maxFiles;
    private final long maxBytes;
    private final CompletableFuture<FetchResult> result = new CompletableFuture<>();
    private final ArrayDeque<ServerReflectionRequest> open = new ArrayDeque<>();
    private final Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
    private final Set<String> asked = new HashSet<>();
    private final ArrayDeque<FileDescriptorProto> unscanned = new ArrayDeque<>();
    private ClientCallStreamObserver<ServerReflectionRequest> requests;
    private long bytes;
    private boolean answered;
    private boolean done;

    private ReflectionStream(String symbol, int maxFiles, long maxBytes) {
        this.symbol = symbol;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    /** Starts the stream; the future never completes exceptionally. */
    static CompletableFuture<FetchResult> fetch(Channel channel, ReflectionVersion version,
                                                CallOptions options, String symbol,
                                                int maxFiles, int maxBytes) {
        ReflectionStream stream = new ReflectionStream(symbol, maxFiles, maxBytes);
        CallOptions bounded = options.withMaxInboundMessageSize(maxBytes);
        ClientCalls.asyncBidiStreamingCall(channel.newCall(version.method(), bounded), stream);
        stream.send(ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
        return stream.result;
    }

    @Override
    public synchronized void beforeStart(ClientCallStreamObserver<ServerReflectionRequest> stream) {
        this.requests = stream;
    }

    @Override
    public synchronized void onNext(ServerReflectionResponse response) {
        if (done) {
            return;
        }
        answered = true;
        ServerReflectionRequest request = open.poll();
        if (request == null) {
            fail(LookupOutcome.MALFORMED_DESCRIPTORS, "server sent a response nobody asked for");
            return;
        }
        switch (response.getMessageResponseCase()) {
            case ERROR_RESPONSE -> onErrorResponse(request, response.getErrorResponse());
            case FILE_DESCRIPTOR_RESPONSE -> {
                for (ByteString encoded : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                    if (!accept(encoded)) {
                        return;
                    }
                }
                askForMissingImports();
            }
            default -> fail(LookupOutcome.MALFORMED_DESCRIPTORS,
                    "unexpected reflection response " + response.getMessageResponseCase());
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        if (done) {
            return;
        }
        Status status = Status.fromThrowable(t);
        done = true;
        result.complete(switch (status.getCode()) {
            case UNIMPLEMENTED -> answered
                    ? FetchResult.failed(LookupOutcome.RPC_FAILED, "status UNIMPLEMENTED mid-stream", true)
                    : FetchResult.unimplemented();
            case DEADLINE_EXCEEDED -> failure(LookupOutcome.TIMEOUT, "deadline exceeded");
            case UNAVAILABLE -> failure(LookupOutcome.UNAVAILABLE, "status UNAVAILABLE");
            // The transport's own inbound size check reports RESOURCE_EXHAUSTED.
            case RESOURCE_EXHAUSTED -> failure(LookupOutcome.TOO_MANY_BYTES, "status RESOURCE_EXHAUSTED");
            default -> failure(LookupOutcome.RPC_FAILED, "status " + status.getCode());
        });
    }

    @Override
    public synchronized void onCompleted() {
        if (!done) {
            fail(LookupOutcome.MALFORMED_DESCRIPTORS, "server closed the stream before all files arrived");
        }
    }

    private void onErrorResponse(ServerReflectionRequest request, ErrorResponse error) {
        Status.Code code = Status.fromCodeValue(error.getErrorCode()).getCode();
        boolean notFound = code == Status.Code.NOT_FOUND;
        if (request.hasFileByFilename()) {
            fail(notFound ? LookupOutcome.MISSING_DEPENDENCY : LookupOutcome.RPC_FAILED,
                    "file " + request.getFileByFilename() + ": error " + code);
        } else {
            fail(notFound ? LookupOutcome.SYMBOL_NOT_FOUND : LookupOutcome.RPC_FAILED,
                    "symbol " + symbol + ": error " + code);
        }
    }

    /** Parses and keeps one file; returns false after failing the stream. */
    private boolean accept(ByteString encoded) {
        bytes += encoded.size();
        if (bytes > maxBytes) {
            fail(LookupOutcome.TOO_MANY_BYTES, "descriptors exceed " + maxBytes + " bytes");
            return false;
        }
        FileDescriptorProto file;
        try {
            file = FileDescriptorProto.parseFrom(encoded);
        } catch (InvalidProtocolBufferException e) {
            fail(LookupOutcome.MALFORMED_DESCRIPTORS, "a file descriptor does not parse");
            return false;
        }
        String name = file.getName();
        if (name.isEmpty()) {
            fail(LookupOutcome.MALFORMED_DESCRIPTORS, "a file descriptor has no name");
            return false;
        }
        FileDescriptorProto earlier = files.get(name);
        if (earlier != null) {
            if (!earlier.equals(file)) {
                fail(LookupOutcome.MALFORMED_DESCRIPTORS, "two different files named " + name);
                return false;
            }
            return true;
        }
        if (!asked.contains(name) && files.size() + asked.size() >= maxFiles) {
            fail(LookupOutcome.TOO_MANY_FILES, "more than " + maxFiles + " files");
            return false;
        }
        asked.remove(name);
        files.put(name, file);
        unscanned.add(file);
        return true;
    }

    private void askForMissingImports() {
        for (FileDescriptorProto file; (file = unscanned.poll()) != null; ) {
            for (String dependency : file.getDependencyList()) {
                if (files.containsKey(dependency) || asked.contains(dependency)
                        || WellKnownFiles.find(dependency) != null) {
                    continue;
                }
                if (files.size() + asked.size() >= maxFiles) {
                    fail(LookupOutcome.TOO_MANY_FILES, "more than " + maxFiles + " files");
                    return;
                }
                asked.add(dependency);
                send(ServerReflectionRequest.newBuilder().setFileByFilename(dependency).build());
            }
        }
        if (open.isEmpty()) {
            done = true;
            result.complete(FetchResult.complete(files));
            requests.onCompleted();
        }
    }

    private synchronized void send(ServerReflectionRequest request) {
        if (!done) {
            open.add(request);
            requests.onNext(request);
        }
    }

    private void fail(LookupOutcome outcome, String detail) {
        done = true;
        result.complete(failure(outcome, detail));
        requests.cancel("reflection lookup abandoned: " + outcome, null);
    }

    private FetchResult failure(LookupOutcome outcome, String detail) {
        return FetchResult.failed(outcome, detail, answered);
    }
}
