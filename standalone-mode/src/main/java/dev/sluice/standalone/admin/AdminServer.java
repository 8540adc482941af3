package dev.sluice.standalone.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The admin endpoint: {@code GET /metrics} (Prometheus text), {@code GET /healthz} (200 while the
 * process runs), {@code GET /readyz} (200 once {@link Readiness} says so, 503 before),
 * {@code GET /policy} (JSON: the policy in force, its digest, the last failed reload). It listens
 * on a loopback address unless told otherwise, and refuses to start on another.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} rather than the proxy's Netty: four tiny
 * read-only resources at scrape rate need no streaming or backpressure, and their own two threads
 * keep a scrape off the proxy's I/O threads. Request bodies are not read. Other paths get 404,
 * other methods 405.
 */
public final class AdminServer implements AutoCloseable {
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int THREADS = 2;
    private static final int BACKLOG = 16;
    private static final Set<String> PATHS = Set.of("/metrics", "/healthz", "/readyz", "/policy");

    private final HttpServer server;
    private final ExecutorService executor;

    private AdminServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @param allowNonLoopback whether {@code listen} may be other than loopback (configuration's
     *                         {@code admin.allow_non_loopback})
     * @throws IllegalArgumentException when {@code listen} is not loopback and that is not allowed
     * @throws IOException              when the address cannot be bound
     */
    public static AdminServer start(HostPort listen, boolean allowNonLoopback, SluiceMetrics metrics,
                                    Readiness readiness, Supplier<String> policyStatus) throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(policyStatus, "policyStatus");
        if (!allowNonLoopback && !listen.isLoopback()) {
            throw new IllegalArgumentException("the admin endpoint listens on loopback only, not " + listen);
        }
        InetSocketAddress address = new InetSocketAddress(listen.host(), listen.port());
        if (!allowNonLoopback && (address.isUnresolved() || !address.getAddress().isLoopbackAddress())) {
            // "localhost" resolved to something else: refuse rather than trust the resolver.
            throw new IllegalArgumentException("the admin endpoint listens on loopback only; " + listen.host()
                    + " does not resolve to a loopback address");
        }
        HttpServer server = HttpServer.create(address, BACKLOG);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, metrics, readiness, policyStatus));
        server.start();
        return new AdminServer(server, executor);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sluice-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void handle(HttpExchange exchange, SluiceMetrics metrics, Readiness readiness,
                               Supplier<String> policyStatus) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            String path = exchange.getRequestURI().getRawPath();
            if (!PATHS.contains(path)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n", head);
                return;
            }
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", false);
                return;
            }
            switch (path) {
                case "/metrics" -> respond(exchange, 200, METRICS_CONTENT_TYPE, scrape(metrics), head);
                case "/healthz" -> respond(exchange, 200, "text/plain; charset=utf-8", "ok\n", head);
                case "/policy" -> respond(exchange, 200, "application/json", policyStatus.get(), head);
                default -> {
                    boolean ready = readiness.isReady();
                    respond(exchange, ready ? 200 : 503, "text/plain; charset=utf-8",
                            ready ? "ready\n" : "not ready\n", head);
                }
            }
        }
    }

    private static String scrape(SluiceMetrics metrics) {
        try {
            return metrics.scrape();
        } catch (RuntimeException e) {
            // A failing gauge must not take the endpoint down; the next scrape tries again.
            return "# scrape failed: " + e.getClass().getSimpleName() + "\n";
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body, boolean head)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The bound address (the port is the real one when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: scrapes in progress are cut. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "AdminServer[" + server.getAddress() + "]";
    }
}
