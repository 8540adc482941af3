package dev.sluice.standalone.extproc;

import dev.sluice.standalone.config.HostPort;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC server of {@code sluice extproc}: the {@code ExternalProcessor} service, gRPC health
 * ({@code grpc.health.v1}, SERVING once started, NOT_SERVING while closing) and server reflection.
 * Messages are handled on a fixed pool of {@link ExtProcSettings#threads()} threads; messages
 * larger than {@link ExtProcSettings#maxMessageBytes()} fail their stream before they are read.
 */
final class ExtProcServer implements AutoCloseable {
    private final Server server;
    private final HealthStatusManager health;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;

    private ExtProcServer(Server server, HealthStatusManager health, ExecutorService executor,
                          ScheduledExecutorService timer) {
        this.server = server;
        this.health = health;
        this.executor = executor;
        this.timer = timer;
    }

    interface ServiceFactory {
        BindableService create(ScheduledExecutorService timer);
    }

    static ExtProcServer start(HostPort listen, ExtProcSettings settings, ServiceFactory service) throws IOException {
        ExecutorService executor = Executors.newFixedThreadPool(settings.threads(), threads("sluice-extproc-"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads("sluice-extproc-timer-"));
        // Every stream schedules an idle check and cancels it at its end: drop cancelled checks at
        // once, or the queue holds one per recent stream until its first run.
        timer.setRemoveOnCancelPolicy(true);
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(listen.host(), listen.port()))
                .executor(executor)
                .maxInboundMessageSize(settings.maxMessageBytes())
                .addService(service.create(timer))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            timer.shutdownNow();
            throw e;
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc.SERVICE_NAME,
                ServingStatus.SERVING);
        return new ExtProcServer(server, health, executor, timer);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    int port() {
        return server.getPort();
    }

    /** Stops taking streams, gives those in flight up to 5 seconds, then cancels the rest. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        timer.shutdownNow();
    }

    /** The server's threads, for CPU accounting (bench). */
    static boolean isServerThread(Thread t) {
        return t.getName().startsWith("sluice-extproc-") || t.getName().startsWith("grpc-");
    }
}
