package dev.sluice.standalone.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The leaky service {@code sluice demo} puts behind the proxy: on one loopback port, JSON over
 * HTTP/1.1 (a JDK HTTP server) and gRPC over h2c (grpc-java, with server reflection), both carrying
 * made-up personal data and secrets of the shapes Sluice detects. The JDK server speaks no HTTP/2
 * and grpc-java no HTTP/1.1, so each listens on a port of its own and a {@link DemoPortSplitter}
 * gives them one address: Sluice's {@code backend} is a single URL.
 *
 * <table>
 *   <caption>endpoints</caption>
 *   <tr><td>{@code GET /api/users}</td><td>users with e-mail addresses, SSNs and card numbers; sent in
 *       chunks that cut a card number in two, to show that matches span chunks</td></tr>
 *   <tr><td>{@code GET /api/config}</td><td>an AWS access key pair and a database URL with its password, the
 *       URL also in a debug header ({@value #DEBUG_HEADER}), as a framework's debug mode prints it</td></tr>
 *   <tr><td>{@code POST /api/login}</td><td>reads (at most {@value #MAX_REQUEST_BYTES} bytes of) a login body
 *       and answers with a session JWT</td></tr>
 *   <tr><td>{@code POST /api/search}</td><td>reads a search body and answers with no results; a search
 *       that carries an SQL injection is blocked by the default policy before it gets here</td></tr>
 *   <tr><td>{@code GET /api/health}</td><td>nothing sensitive</td></tr>
 *   <tr><td>gRPC {@code demo.Accounts/GetAccount}, {@code /Search}</td><td>an account with its e-mail
 *       address, card number and API key ({@link DemoAccounts}); reflection describes them</td></tr>
 * </table>
 *
 * All values are invented for the demo; the card numbers are test numbers of their brands.
 */
final class DemoUpstream implements AutoCloseable {
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Cut inside the first card number: the proxy forwards (and inspects) the two halves separately. */
    static final String USERS_PART_1 = """
            {"users":[{"id":1,"name":"Alice Nguyen","email":"alice.nguyen@fastmail.com","ssn":"512-44-8291",\
            "card":"4111 1111""";
    static final String USERS_PART_2 = """
             1111 1111"},{"id":2,"name":"Bob Okafor","email":"bob.okafor@protonmail.com","ssn":"287-65-4309",\
            "card":"5555555555554444"}]}
            """;
    static final String CONFIG = """
            {"service":"billing","aws":{"access_key_id":"AKIA2E3MZR7TQX5LWB4N",\
            "secret_access_key":"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"},\
            "database":{"url":"postgres://billing:Vt8qLm2xRz5p@db.internal:5432/billing"}}
            """;
    static final String DEBUG_HEADER = "X-Debug-Datasource";
    static final String DATASOURCE = "postgres://billing:Vt8qLm2xRz5p@db.internal:5432/billing";
    static final String HEALTH = "{\"status\":\"ok\"}\n";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Server grpc;
    private final DemoPortSplitter splitter;

    private DemoUpstream(HttpServer server, ExecutorService executor, Server grpc, DemoPortSplitter splitter) {
        this.server = server;
        this.executor = executor;
        this.grpc = grpc;
        this.splitter = splitter;
    }

    /** Starts on a free loopback port. */
    static DemoUpstream start() throws IOException {
        HttpServer server = startHttp();
        ExecutorService executor = (ExecutorService) server.getExecutor();
        Server grpc = null;
        try {
            grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                            InsecureServerCredentials.create())
                    .maxInboundMessageSize(MAX_REQUEST_BYTES)
                    .addService(DemoAccounts.service())
                    .addService(ProtoReflectionServiceV1.newInstance())
                    .build().start();
            return new DemoUpstream(server, executor, grpc, DemoPortSplitter.start(server.getAddress().getPort(),
                    grpc.getPort()));
        } catch (IOException | RuntimeException e) {
            if (grpc != null) {
                grpc.shutdownNow();
            }
            server.stop(0);
            executor.shutdownNow();
            throw e;
        }
    }

    private static HttpServer startHttp() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon()
                .name("sluice-demo-upstream").unstarted(r));
        server.setExecutor(executor);
        server.createContext("/api/users", ex -> answer(ex, "GET", USERS_PART_1, USERS_PART_2));
        server.createContext("/api/config", ex -> {
            ex.getResponseHeaders().set(DEBUG_HEADER, DATASOURCE);
            answer(ex, "GET", CONFIG);
        });
        server.createContext("/api/health", ex -> answer(ex, "GET", HEALTH));
        server.createContext("/api/login", DemoUpstream::login);
        server.createContext("/api/search", DemoUpstream::search);
        server.createContext("/", ex -> send(ex, 404, "{\"error\":\"not_found\"}\n"));
        server.start();
        return server;
    }

    int port() {
        return splitter.port();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    private static void answer(HttpExchange ex, String method, String... parts) throws IOException {
        if (!ex.getRequestMethod().equals(method)) {
            send(ex, 405, "{\"error\":\"method_not_allowed\"}\n");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (parts.length == 1) {
            send(ex, 200, parts[0]);
            return;
        }
        ex.sendResponseHeaders(200, 0); // chunked: each part is flushed as its own chunk
        try (OutputStream out = ex.getResponseBody()) {
            for (String p : parts) {
                out.write(p.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void login(HttpExchange ex) throws IOException {
        if (readPost(ex)) {
            send(ex, 200, "{\"ok\":true,\"session\":\"" + sessionJwt() + "\"}\n");
        }
    }

    private static void search(HttpExchange ex) throws IOException {
        if (readPost(ex)) {
            send(ex, 200, "{\"results\":[]}\n");
        }
    }

    /** Reads (at most {@value #MAX_REQUEST_BYTES} bytes of) a POST body; answers 405 and returns false for another method. */
    private static boolean readPost(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 405, "{\"error\":\"method_not_allowed\"}\n");
            return false;
        }
        try (InputStream in = ex.getRequestBody()) {
            in.readNBytes(MAX_REQUEST_BYTES);
        }
        return true;
    }

    private static String sessionJwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString("{\"sub\":\"alice\",\"iat\":1767225600,\"exp\":1767229200}"
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".kM3vQ8xT2nR7pL5wY1zA9cF4hJ6dS0eG3bN8uK2mV7o";
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        splitter.close();
        grpc.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
    }
}
