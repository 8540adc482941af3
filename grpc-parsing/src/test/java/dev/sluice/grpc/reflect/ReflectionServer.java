package dev.sluice.grpc.reflect;

import io.grpc.BindableService;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server on a loopback port chosen by the OS, counting every call it receives by
 * method, including calls to methods it does not serve (counted by the fallback registry, since
 * interceptors never see those), plus a plaintext client channel to it.
 */
final class ReflectionServer implements AutoCloseable {

    static final String V1 = "grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    static final String V1ALPHA = "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Server server;
    private final ManagedChannel channel;

    private ReflectionServer(Object... services) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .intercept(new Counter())
                .fallbackHandlerRegistry(new CountingFallback());
        for (Object service : services) {
            if (service instanceof BindableService bindable) {
                builder.addService(bindable);
            } else {
                builder.addService((ServerServiceDefinition) service);
            }
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    /** Starts a server with each service, a {@link BindableService} or {@link ServerServiceDefinition}. */
    static ReflectionServer start(Object... services) {
        return new ReflectionServer(services);
    }

    ManagedChannel channel() {
        return channel;
    }

    /**
     * Connects the client channel now, so a test that measures a short deadline does not spend
     * it on the first connection (and, in a cold JVM, on loading Netty).
     */
    ReflectionServer connected() throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (channel.getState(true) != ConnectivityState.READY && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        return this;
    }

    int port() {
        return server.getPort();
    }

    int calls(String fullMethodName) {
        AtomicInteger count = calls.get(fullMethodName);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void count(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    private final class Counter implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            count(call.getMethodDescriptor().getFullMethodName());
            return next.startCall(call, headers);
        }
    }

    private final class CountingFallback extends HandlerRegistry {
        @Override
        public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            count(methodName);
            return null;
        }
    }
}
