package dev.sluice.grpc.reflect;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Deadline;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches and builds the descriptor of one symbol from the upstream: one reflection stream with
 * the version the server is known to speak (v1 until learned otherwise), a second stream with the
 * other version if the first was {@code UNIMPLEMENTED}, then the file graph. Both streams share
 * one deadline, so a lookup never takes longer than the configured timeout.
 */
final class SymbolFetcher {

    /** Extra time before the backstop fires, should the transport never report the deadline. */
    private static final long BACKSTOP_SLACK_MILLIS = 1_000;

    private final Channel channel;
    private final ReflectionSettings settings;
    private final AtomicReference<ReflectionVersion> spoken = new AtomicReference<>(ReflectionVersion.V1);

    SymbolFetcher(Channel channel, ReflectionSettings settings) {
        this.channel = channel;
        this.settings = settings;
    }

    /** The version tried first: the one the server last answered, else v1. */
    ReflectionVersion preferredVersion() {
        return spoken.get();
    }

    /** Fetches {@code symbol}; the future never completes exceptionally. */
    CompletableFuture<SymbolResult> fetch(String symbol) {
        long timeoutNanos = settings.timeout().toNanos();
        CallOptions options = CallOptions.DEFAULT
                .withDeadline(Deadline.after(timeoutNanos, TimeUnit.NANOSECONDS));
        ReflectionVersion first = spoken.get();
        return attempt(symbol, first, options)
                .thenCompose(result -> result.isUnimplemented()
                        ? attempt(symbol, first.other(), options)
                        : CompletableFuture.completedFuture(result))
                .thenApply(result -> build(symbol, result))
                .exceptionally(t -> SymbolResult.failed(LookupOutcome.RPC_FAILED,
                        "unexpected " + t.getClass().getSimpleName()))
                .completeOnTimeout(SymbolResult.failed(LookupOutcome.TIMEOUT, "no answer from the transport"),
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + BACKSTOP_SLACK_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<FetchResult> attempt(String symbol, ReflectionVersion version,
                                                   CallOptions options) {
        return ReflectionStream.fetch(channel, version, options, symbol, settings.maxFiles(), settings.maxBytes())
                .thenApply(result -> {
                    if (result.answered()) {
                        spoken.set(version);
                    }
                    return result;
                });
    }

    private static SymbolResult build(String symbol, FetchResult fetched) {
        if (fetched.isUnimplemented()) {
            return SymbolResult.failed(LookupOutcome.NO_REFLECTION,
                    "server answers neither reflection v1 nor v1alpha");
        }
        if (fetched.outcome() != LookupOutcome.RESOLVED) {
            return SymbolResult.failed(fetched.outcome(), fetched.detail());
        }
        FileGraph.Result graph = FileGraph.build(fetched.files());
        if (graph.outcome() != LookupOutcome.RESOLVED) {
            return SymbolResult.failed(graph.outcome(), graph.detail());
        }
        GenericDescriptor descriptor = locate(symbol, graph.files());
        return descriptor == null
                ? SymbolResult.failed(LookupOutcome.MALFORMED_DESCRIPTORS, "the files sent do not define " + symbol)
                : SymbolResult.found(descriptor, graph.files(), serializedSize(fetched));
    }

    private static long serializedSize(FetchResult fetched) {
        long bytes = 0;
        for (FileDescriptorProto file : fetched.files().values()) {
            bytes += file.getSerializedSize();
        }
        return bytes;
    }

    /** Finds the service or message named {@code symbol} among {@code files}. */
    private static GenericDescriptor locate(String symbol, List<FileDescriptor> files) {
        for (FileDescriptor file : files) {
            for (ServiceDescriptor service : file.getServices()) {
                if (service.getFullName().equals(symbol)) {
                    return service;
                }
            }
        }
        for (Descriptor message : FetchedTypes.allMessages(files)) {
            if (message.getFullName().equals(symbol)) {
                return message;
            }
        }
        return null;
    }
}
