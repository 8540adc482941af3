package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.config.EventsOutput;
import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.events.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Shared pieces of the serve tests: a configuration on free loopback ports, the event log, HTTP calls. */
final class ServeTests {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final HostPort FREE_LOOPBACK_PORT = new HostPort("127.0.0.1", 0);

    private ServeTests() {
    }

    /** What a recording upstream keeps of a request; it may read the body. */
    interface Describer {
        String describe(HttpExchange ex) throws IOException;
    }

    /**
     * A loopback upstream that answers every request {@code {"ok":true}} after adding what
     * {@code describe} makes of it to {@code received} (what a test checks reached it), started.
     */
    static HttpServer recordingUpstream(List<String> received, Describer describe) throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ex -> {
            received.add(describe.describe(ex));
            respondJson(ex, "{\"ok\":true}");
        });
        upstream.start();
        return upstream;
    }

    /**
     * A loopback upstream that records {@code METHOD /path} of every request in {@code received}
     * (its body read and dropped) and answers {@code json} with {@code headers}, started.
     */
    static HttpServer jsonUpstream(List<String> received, String json, Map<String, String> headers)
            throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ex -> {
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            headers.forEach((name, value) -> ex.getResponseHeaders().add(name, value));
            respondJson(ex, json);
        });
        upstream.start();
        return upstream;
    }

    /** POSTs {@code json} to {@code url} as {@code application/json}. */
    static HttpResponse<byte[]> postJson(String url, String json) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * {@code sluice serve} with the embedded default policy in front of {@code upstream}, proxy and
     * admin on free loopback ports, events appended to {@code events}, console output dropped.
     */
    static ServeRuntime serveDefault(HttpServer upstream, Path events) throws StartupException {
        return serveDefault(upstream.getAddress().getPort(), events, UnaryOperator.identity());
    }

    /** The same in front of a loopback upstream on {@code port}, the configuration changed by {@code tune}. */
    static ServeRuntime serveDefault(int port, Path events, UnaryOperator<SluiceConfig.Builder> tune)
            throws StartupException {
        return ServeRuntime.start(tune.apply(config("http://127.0.0.1:" + port, events)).build(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /**
     * {@code sluice serve} in front of {@code upstream} under the policy {@code yaml}, written to
     * {@code dir/policy.yaml}; events appended to {@code dir/events.jsonl}.
     */
    static ServeRuntime serveWithPolicy(HttpServer upstream, Path dir, String yaml) throws IOException,
            StartupException {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, yaml);
        return serveDefault(upstream.getAddress().getPort(), dir.resolve("events.jsonl"), b -> b.policyFile(policy));
    }

    /**
     * One gRPC (or grpc-web) frame: the flag byte ({@code 0x80}: grpc-web's trailers), the 4-byte
     * length, then {@code parts} one after another as its payload.
     */
    static byte[] grpcFrame(int flag, byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(5 + n).put((byte) flag).putInt(n);
        for (byte[] p : parts) {
            f.put(p);
        }
        return f.array();
    }

    /** The URL of {@code target} through {@code serve}'s proxy port. */
    static String proxyUrl(ServeRuntime serve, String target) {
        return "http://127.0.0.1:" + serve.proxyPort() + target;
    }

    /**
     * Sends {@code request} as it is written (nothing normalised, as no HTTP client would send it)
     * to {@code serve}'s proxy over a new connection and returns all it answers until it closes.
     */
    static String rawExchange(ServeRuntime serve, String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", serve.proxyPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Stops {@code serve} (when it started) and then its upstream. */
    static void stop(ServeRuntime serve, AutoCloseable upstream) throws Exception {
        if (serve != null) {
            serve.close();
        }
        upstream.close();
    }

    /** Stops {@code serve} (when it started) and then its upstream. */
    static void stop(ServeRuntime serve, HttpServer upstream) {
        if (serve != null) {
            serve.close();
        }
        upstream.stop(0);
    }

    /** Answers {@code ex} with 200, {@code contentType} and {@code body}, its length declared. */
    static void respond(HttpExchange ex, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Answers {@code ex} with 200 and the JSON text {@code body}. */
    static void respondJson(HttpExchange ex, String body) throws IOException {
        respond(ex, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code data} gzip-compressed, as a server's Content-Encoding would have it. */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Proxy and admin on free loopback ports, events appended to {@code events}. */
    static SluiceConfig.Builder config(String backend, Path events) {
        return SluiceConfig.builder().backend(backend).proxyListen(FREE_LOOPBACK_PORT)
                .adminListen(FREE_LOOPBACK_PORT).events(EventsOutput.toFile(events));
    }

    /** The events of {@code file}, waiting up to 10 s for one that {@code wanted} accepts. */
    static JsonNode awaitEvent(Path file, Predicate<JsonNode> wanted) throws InterruptedException {
        return EventLog.await(file, wanted);
    }

    /** The whole events of {@code file} so far. */
    static List<JsonNode> events(Path file) {
        return EventLog.read(file);
    }

    /** Whether {@code event} has a finding with this detector id. */
    static boolean hasFinding(JsonNode event, String id) {
        for (JsonNode f : event.path("findings")) {
            if (f.path("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    static JsonNode finding(JsonNode event, String id) {
        for (JsonNode f : event.path("findings")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no " + id + " finding in " + event);
    }

    static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The sum of the samples of {@code metric} whose label text contains every one of {@code labels}. */
    static double metric(String scrape, String metric, String... labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** What curl fetched: its exit status, the response's header lines, its body and curl's messages. */
    record Fetched(int exit, List<String> headers, byte[] body, String stderr) {
        /** The first value of header {@code name}, or null. */
        String header(String name) {
            List<String> all = headerValues(name);
            return all.isEmpty() ? null : all.getFirst();
        }

        /** Every value of header {@code name}, in order. */
        List<String> headerValues(String name) {
            List<String> out = new ArrayList<>();
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    out.add(h.substring(colon + 1).trim());
                }
            }
            return out;
        }
    }

    /**
     * Fetches {@code path} through {@code serve} with the curl command line tool (skipped where it
     * is not installed), with {@code options} such as {@code --http2-prior-knowledge}.
     */
    static Fetched curl(Path dir, ServeRuntime serve, String path, String... options) throws Exception {
        Assumptions.assumeTrue(ServeRuntimeTest.onPath("curl"), "curl is not installed");
        Path headers = Files.createTempFile(dir, "h", ".txt");
        Path body = Files.createTempFile(dir, "b", ".bin");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "15", "-D", headers.toString(),
                "-o", body.toString()));
        cmd.addAll(List.of(options));
        cmd.add("http://127.0.0.1:" + serve.proxyPort() + path);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Fetched(p.exitValue(), Files.readAllLines(headers), Files.readAllBytes(body), err);
    }
}
