package dev.sluice.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * A console for the tests: a real HTTP (or HTTPS) server on loopback that records every call and
 * answers each with the next scripted status (200 once the script is used up), the policy
 * endpoint from a function of the request's {@code If-None-Match}.
 */
final class ConsoleStub implements AutoCloseable {
    /** One call as received; {@code body} un-gzipped. */
    record Call(String method, String path, Map<String, List<String>> headers, byte[] body, int status) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer to the policy endpoint. */
    record PolicyAnswer(int status, String etag, String yaml) {
    }

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedDeque<Integer> eventStatuses = new ConcurrentLinkedDeque<>();
    volatile Function<String, PolicyAnswer> policy = etag -> new PolicyAnswer(404, null, null);

    private ConsoleStub(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    static ConsoleStub http() throws IOException {
        return new ConsoleStub(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16));
    }

    static ConsoleStub https(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new ConsoleStub(s);
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + (scheme.equals("https") ? "localhost" : "127.0.0.1") + ":"
                + server.getAddress().getPort() + "/console";
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        String path = ex.getRequestURI().getPath();
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(ex.getRequestHeaders());
        if (path.equals("/console/v1/policy")) {
            PolicyAnswer a = policy.apply(ex.getRequestHeaders().getFirst("If-None-Match"));
            calls.add(new Call(ex.getRequestMethod(), path, headers, body, a.status()));
            if (a.etag() != null) {
                ex.getResponseHeaders().set("ETag", a.etag());
            }
            answer(ex, a.status(), a.yaml());
            return;
        }
        Integer scripted = path.equals("/console/v1/events") ? eventStatuses.pollFirst() : null;
        int status = scripted == null ? 200 : scripted;
        calls.add(new Call(ex.getRequestMethod(), path, headers, body, status));
        answer(ex, status, "{}");
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body == null || status == 304 ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** The calls to {@code path} (below the console's prefix). */
    List<Call> calls(String path) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.path().equals("/console" + path)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Every event line of the uploads the console accepted (answered 200). */
    List<String> eventLines() {
        List<String> out = new ArrayList<>();
        for (Call c : calls("/v1/events")) {
            if (c.status() != 200) {
                continue;
            }
            for (String line : c.text().split("\n")) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
