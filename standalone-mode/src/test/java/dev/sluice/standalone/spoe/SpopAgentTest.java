package dev.sluice.standalone.spoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.standalone.config.EventsOutput;
import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.events.EventLog;
import dev.sluice.standalone.serve.ProfilesService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent over real sockets, with the embedded default policy: the HELLO handshake, NOTIFY
 * frames answered with the decision's variables and events, and every protocol error answered
 * with its AGENT-DISCONNECT status and a closed connection.
 */
class SpopAgentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HostPort FREE = new HostPort("127.0.0.1", 0);
    private static final String CARD_JSON = "{\"name\":\"Ann\",\"card\":\"4111 1111 1111 1111\"}";
    private static final String SQLI = "{\"q\":\"1 UNION SELECT password FROM users--\"}";

    @TempDir
    static Path dir;
    static SpoeRuntime agent;
    static Path events;

    @BeforeAll
    static void start() throws Exception {
        agent = start(dir, c -> c.spoeHelloTimeout(Duration.ofMillis(300)).spoeIdleTimeout(Duration.ofSeconds(30)));
        events = dir.resolve("events.jsonl");
    }

    static SpoeRuntime start(Path dir, UnaryOperator<SluiceConfig.Builder> tune) throws Exception {
        SluiceConfig config = tune.apply(SluiceConfig.builder().spoeListen(FREE).adminListen(FREE)
                .events(EventsOutput.toFile(dir.resolve("events.jsonl")))).build();
        return SpoeRuntime.start(config, Map.of(), new PrintStream(new ByteArrayOutputStream()));
    }

    /** An agent started in {@code dir} under the policy {@code yaml}. */
    private static SpoeRuntime startWithPolicy(Path dir, String yaml) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, yaml);
        return start(dir, b -> b.policyFile(policy));
    }

    /** A test's steps against an agent, through a client that has said hello. */
    @FunctionalInterface
    private interface AgentSteps {
        void run(SpopClient c) throws Exception;
    }

    /** Starts an agent in {@code dir} under the policy {@code yaml} and runs {@code steps} against it. */
    private static void withPolicy(Path dir, String yaml, AgentSteps steps) throws Exception {
        try (SpoeRuntime agent = startWithPolicy(dir, yaml); SpopClient c = SpopClient.connect(agent.port())) {
            c.hello(16380, false);
            steps.run(c);
        }
    }

    /** Sends a JSON POST of {@code body} to {@code path} (host {@code app}) and returns the action the agent set. */
    private static String postAction(SpopClient c, long stream, String path, String body) throws IOException {
        c.send(requestFrame(stream, "POST", path, hdrs("content-type", "application/json", "host", "app"), body));
        return (String) SpopClient.vars(c.receive()).get("action");
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    static byte[] hdrs(String... nameValues) {
        ByteBuf b = Unpooled.buffer();
        SpopWriter w = new SpopWriter(b);
        for (String s : nameValues) {
            w.string(s);
        }
        w.string("").string("");
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static SpopClient greeted() throws IOException {
        SpopClient c = SpopClient.connect(agent.port());
        SpopFrame hello = c.hello(16380, false);
        assertEquals(Spop.FRAME_AGENT_HELLO, hello.type());
        return c;
    }

    /** A NOTIFY with the request message as the shipped configuration sends it. */
    private static byte[] requestFrame(long stream, String method, String path, byte[] headers, String body) {
        return requestFrame(stream, method, path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] requestFrame(long stream, String method, String path, byte[] headers, byte[] body) {
        return requestFrame(stream, method, path, headers, body, false);
    }

    /** {@code bodyFilter}: HAProxy's configuration says it replaces a redacted request body. */
    private static byte[] requestFrame(long stream, String method, String path, byte[] headers, byte[] body,
                                       boolean bodyFilter) {
        return SpopClient.frame(Spop.FRAME_NOTIFY, Spop.FLAG_FIN, stream, 1, w -> {
            w.string(SpoeCheck.REQUEST_MESSAGE);
            w.varint(bodyFilter ? 6 : 5); // NB-ARGS is one byte; below 240 it encodes as that byte
            w.string("method").typedString(method);
            w.string("path").typedString(path);
            w.string("headers").typedBinary(headers);
            w.string("src").typedString("10.0.0.7");
            w.string("body").typedBinary(body);
            if (bodyFilter) {
                w.string(SpoeCheck.BODY_FILTER).typedBool(true);
            }
        });
    }

    private static byte[] responseFrame(long stream, int status, byte[] resHeaders, String body) {
        return responseFrame(stream, "GET", "/api/users", hdrs("host", "app"), status, resHeaders,
                body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code flags}: the boolean arguments HAProxy's configuration sends true ({@link SpoeCheck#BODY_FILTER}:
     * a filter replaces a redacted body of this answer; {@link SpoeCheck#STREAMING}: not waited for).
     */
    private static byte[] responseFrame(long stream, String method, String path, byte[] headers, int status,
                                        byte[] resHeaders, byte[] body, String... flags) {
        return SpopClient.frame(Spop.FRAME_NOTIFY, Spop.FLAG_FIN, stream, 2, w -> {
            w.string(SpoeCheck.RESPONSE_MESSAGE);
            w.varint(7 + flags.length);
            w.string("method").typedString(method);
            w.string("path").typedString(path);
            w.string("headers").typedBinary(headers);
            w.string("src").typedString("10.0.0.7");
            w.string("status").typedUint32(status);
            w.string("res_headers").typedBinary(resHeaders);
            w.string("body").typedBinary(body);
            for (String flag : flags) {
                w.string(flag).typedBool(true);
            }
        });
    }

    /** The first event of {@code file} that {@code wanted} accepts, waiting up to 10 s for it. */
    static JsonNode awaitEvent(Path file, Predicate<JsonNode> wanted) throws Exception {
        return EventLog.await(file, wanted);
    }

    @Test
    void helloAgreesTheSmallerFrameSizeVersionTwoAndPipelining() throws Exception {
        try (SpopClient c = SpopClient.connect(agent.port())) {
            SpopFrame f = c.hello(16380, false);
            assertEquals(0, f.streamId());
            Map<String, Object> kv = SpopClient.kv(f);
            assertEquals("2.0", kv.get("version"));
            assertEquals(16380L, kv.get("max-frame-size"));
            assertEquals("pipelining", kv.get("capabilities"));
        }
    }

    /** spoe.max_frame_size caps what HAProxy may send: its larger offer is cut down to the configured size. */
    @Test
    void theConfiguredFrameSizeIsTheMostTheAgentAgrees() throws Exception {
        try (SpoeRuntime small = start(Files.createDirectories(dir.resolve("small")), c -> c.spoeMaxFrameSize(8192));
             SpopClient c = SpopClient.connect(small.port())) {
            assertEquals(8192L, SpopClient.kv(c.hello(16380, false)).get("max-frame-size"));
        }
    }

    @Test
    void aHealthCheckIsClosedAfterTheHello() throws Exception {
        try (SpopClient c = SpopClient.connect(agent.port())) {
            assertEquals(Spop.FRAME_AGENT_HELLO, c.hello(16380, true).type());
            assertTrue(c.closedByAgent());
        }
    }

    @Test
    void anAttackInARequestBodyIsBlockedAndReported() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(requestFrame(41, "POST", "/search", hdrs("content-type", "application/json", "host", "app"),
                    "{\"q\":\"1 UNION SELECT password FROM users--\"}"));
            SpopFrame ack = c.receive();
            assertEquals(Spop.FRAME_ACK, ack.type());
            assertEquals(41, ack.streamId());
            assertEquals(1, ack.frameId());
            Map<String, Object> vars = SpopClient.vars(ack);
            assertEquals("block", vars.get("action"));
            assertEquals("attack.sqli", vars.get("detectors"));
            String id = (String) vars.get("event_id");
            JsonNode e = awaitEvent(events, x -> x.path("exchangeId").asText().equals(id));
            assertEquals("request", e.path("direction").asText());
            assertEquals("block", e.path("action").asText());
            assertEquals("blocked", e.path("delivery").asText());
            assertEquals("10.0.0.7", e.path("sourceService").asText());
            assertEquals("$.q", e.path("findings").get(0).path("path").asText());
            assertFalse(e.toString().contains("UNION SELECT password"), "no raw value in the event");
        }
    }

    @Test
    void aRequestIsJudgedByItsBytesNotTheImageLabelItsClientChose() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(requestFrame(46, "POST", "/search", hdrs("content-type", "image/png", "host", "app"),
                    "{\"q\":\"1 UNION SELECT password FROM users--\"}"));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("block", vars.get("action"));
            assertEquals("attack.sqli", vars.get("detectors"));
            // The same words after a real PNG signature: an image, passed uninspected.
            c.send(requestFrame(47, "POST", "/search", hdrs("content-type", "image/png", "host", "app"),
                    "\u0089PNG\r\n\u001a\n 1 UNION SELECT password FROM users--".getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals("allow", SpopClient.vars(c.receive()).get("action"));
        }
    }

    @Test
    void aCardInAJsonResponseIsRedactedInAReturnableBody() throws Exception {
        try (SpopClient c = greeted()) {
            // Pretty-printed: the body goes back byte for byte, line breaks included (sluice.lua's answer).
            c.send(responseFrame(42, 200, hdrs("content-type", "application/json"), "{\"u\":\n" + CARD_JSON + "\n}"));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("redact", vars.get("action"));
            String body = new String((byte[]) vars.get("body"), StandardCharsets.UTF_8);
            assertEquals("{\"u\":\n{\"name\":\"Ann\",\"card\":\"**** **** **** 1111\"}\n}", body);
            assertEquals(1L, vars.get("findings"));
            assertNull(vars.get("headers"), "no header field to rewrite");
            JSON.readTree(body);
        }
    }

    /** sluice.lua answers under the response's own status, whatever it is: the agent redacts under any. */
    @ParameterizedTest
    @ValueSource(ints = {200, 404, 418, 500, 503})
    void aRedactionIsReturnedUnderAnyStatus(int status) throws Exception {
        try (SpopClient c = greeted()) {
            c.send(responseFrame(45, status, hdrs("content-type", "application/json"), CARD_JSON));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("redact", vars.get("action"));
            assertEquals("{\"name\":\"Ann\",\"card\":\"**** **** **** 1111\"}",
                    new String((byte[]) vars.get("body"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRedactionHaproxyCannotReturnFollowsTheFailRule() throws Exception {
        try (SpopClient c = greeted()) {
            // HAProxy's Lua answer would end the body at its NUL byte: the default policy fails open.
            c.send(responseFrame(43, 200, hdrs("content-type", "text/plain"), "card 4111 1111 1111 1111\u0000 end"));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("alert", vars.get("action"));
            assertNull(vars.get("body"));
            String id = (String) vars.get("event_id");
            JsonNode e = awaitEvent(events, x -> x.path("exchangeId").asText().equals(id));
            assertTrue(e.path("reason").asText().contains(SpoeCheck.NOTE_REDACTION_NOT_POSSIBLE), e.toString());
            assertEquals("forwarded", e.path("delivery").asText());
            assertEquals("alert", e.path("action").asText());
            // The card left as it came: its finding says so, not the redaction the policy asked for.
            JsonNode card = e.path("findings").get(0);
            assertEquals("credit_card", card.path("id").asText(), e.toString());
            assertEquals("alert", card.path("action").asText(), e.toString());
        }
    }

    /**
     * A secret in a response header: the agent sends the header's fields with the secret masked
     * for sluice.lua to set, every field of that name in order, and the body is left alone.
     */
    @Test
    void aSecretInAResponseHeaderIsSentMaskedForHaproxyToSet() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(responseFrame(47, 200, hdrs("content-type", "application/json", "x-debug-db",
                    "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app", "x-debug-db", "none", "vary", "Origin"),
                    "{\"ok\":true}"));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("redact", vars.get("action"));
            assertNull(vars.get("body"), "the body had nothing to redact");
            String fields = new String((byte[]) vars.get("headers"), StandardCharsets.UTF_8);
            assertEquals("x-debug-db: [REDACTED:basic_auth_url]/app\r\nx-debug-db: none\r\n", fields);
            String id = (String) vars.get("event_id");
            JsonNode e = awaitEvent(events, x -> x.path("exchangeId").asText().equals(id));
            assertEquals("redacted", e.path("delivery").asText(), e.toString());
            assertEquals("header:x-debug-db", e.path("findings").get(0).path("path").asText(), e.toString());
        }
    }

    /**
     * A request body the policy redacts is sent back masked when HAProxy's filter replaces it and
     * its declared length shows it came whole; without one HAProxy may have cut it, and without the
     * filter nothing would replace it: the redaction is a limit.
     */
    @Test
    void aRequestBodyIsRedactedOnlyWhenHaproxyCanReplaceItWhole(@TempDir Path dir) throws Exception {
        withPolicy(dir, """
                version: 1
                defaults:
                  request:
                    credit_card: {action: redact, mask: keep_last_4}
                """, c -> {
            byte[] card = CARD_JSON.getBytes(StandardCharsets.UTF_8);
            byte[] sized = hdrs("content-type", "application/json", "host", "app", "content-length",
                    String.valueOf(card.length));
            c.send(requestFrame(80, "POST", "/pay", sized, card, true));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("redact", vars.get("action"));
            assertEquals("{\"name\":\"Ann\",\"card\":\"**** **** **** 1111\"}",
                    new String((byte[]) vars.get("body"), StandardCharsets.UTF_8));
            c.send(requestFrame(81, "POST", "/pay", hdrs("content-type", "application/json", "host", "app",
                    "transfer-encoding", "chunked"), card, true));
            vars = SpopClient.vars(c.receive());
            assertEquals("alert", vars.get("action"), "a chunked body may have been cut by HAProxy's buffer");
            assertNull(vars.get("body"));
            c.send(requestFrame(82, "POST", "/pay", sized, card, false));
            vars = SpopClient.vars(c.receive());
            assertEquals("alert", vars.get("action"), "the configuration has not turned the filter on");
            assertNull(vars.get("body"));
        });
    }

    /**
     * A gRPC answer's redacted messages are sent back, NUL bytes and all, only where a filter of
     * HAProxy's replaces the body as it forwards it and the service's trailers go on; a Lua answer
     * would have none, so without the filter the redaction is a limit.
     */
    @Test
    void aGrpcAnswerIsRedactedOnlyWhereAFilterKeepsItsTrailers() throws Exception {
        byte[] grpcHeaders = hdrs("content-type", "application/grpc", "host", "app", "te", "trailers");
        byte[] grpcAnswer = hdrs("content-type", "application/grpc");
        try (SpopClient c = greeted()) {
            c.send(responseFrame(90, "POST", "/pkg.Cards/Get", grpcHeaders, 200, grpcAnswer,
                    grpcFrame("4111 1111 1111 1111"), SpoeCheck.BODY_FILTER));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("redact", vars.get("action"));
            assertArrayEquals(grpcFrame("**** **** **** 1111"), (byte[]) vars.get("body"));
            c.send(responseFrame(91, "POST", "/pkg.Cards/Get", grpcHeaders, 200, grpcAnswer,
                    grpcFrame("4111 1111 1111 1111")));
            vars = SpopClient.vars(c.receive());
            assertEquals("alert", vars.get("action"));
            assertNull(vars.get("body"));
            String id = (String) vars.get("event_id");
            JsonNode e = awaitEvent(events, x -> x.path("exchangeId").asText().equals(id));
            assertTrue(e.path("reason").asText().contains(SpoeCheck.NOTE_REDACTION_NOT_POSSIBLE), e.toString());
        }
    }

    /**
     * Before it waits for a gRPC call's body, HAProxy asks whether the method streams: the agent
     * answers from the schema (a server stream: answers only), takes a method it has no schema for
     * as unary, and inspects nothing, so no verdict is set.
     */
    @Test
    void aGrpcMethodsStreamsAreAnsweredFromItsSchema(@TempDir Path dir) throws Exception {
        Path set = ProfilesService.writeDescriptorSet(dir.resolve("feed.pb"), HaproxyGrpcTest.FEED_PROTO);
        try (SpoeRuntime knowing = start(dir, c -> c.descriptorSets(List.of(set)));
             SpopClient c = SpopClient.connect(knowing.port())) {
            c.hello(16380, false);
            Map<String, Boolean> expected = Map.of("/demo.Feed/Watch", true, "/demo.Profiles/Get", false,
                    "/unknown.Service/Call", false, "/not-grpc", false);
            long stream = 1;
            for (Map.Entry<String, Boolean> method : expected.entrySet()) {
                c.send(SpopClient.frame(Spop.FRAME_NOTIFY, Spop.FLAG_FIN, stream++, 1, w -> {
                    w.string(StreamingMethod.MESSAGE);
                    w.varint(1);
                    w.string("path").typedString(method.getKey());
                }));
                Map<String, Object> vars = SpopClient.vars(c.receive());
                assertEquals(Map.of("streams_request", false, "streams_response", method.getValue()), vars,
                        method.getKey());
            }
        }
    }

    /**
     * A body HAProxy did not wait for (a streaming path) ends wherever HAProxy's buffer did: a
     * message cut there is a limit reached, which a route failing open on limits lets through,
     * where the same cut in a body HAProxy waited for whole is a parse error.
     */
    @Test
    void aStreamCutWhereHaproxyAskedIsALimitNotAParseError(@TempDir Path dir) throws Exception {
        withPolicy(dir, """
                version: 1
                defaults:
                  on_failure: {parse_error: closed, limit: open}
                """, c -> {
            byte[] grpcHeaders = hdrs("content-type", "application/grpc", "host", "app", "te", "trailers");
            byte[] whole = grpcFrame("first message");
            byte[] cut = java.util.Arrays.copyOf(whole, whole.length + 6); // the next frame's head and a byte
            cut[whole.length + 4] = 20;
            c.send(responseFrame(95, "POST", "/pkg.Feed/Watch", grpcHeaders, 200, hdrs("content-type",
                    "application/grpc"), cut, SpoeCheck.STREAMING));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("allow", vars.get("action"), "a stream's start, cut where HAProxy asked: " + vars);
            c.send(responseFrame(96, "POST", "/pkg.Feed/Watch", grpcHeaders, 200, hdrs("content-type",
                    "application/grpc"), cut));
            vars = SpopClient.vars(c.receive());
            assertEquals("block", vars.get("action"), "a body HAProxy waited for, cut: malformed");
        });
    }

    /** One gRPC message (uncompressed) holding {@code text} in field 1, as the schema-less walker reads it. */
    static byte[] grpcFrame(String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[2 + value.length];
        message[0] = 0x0A; // field 1, length-delimited
        message[1] = (byte) value.length;
        System.arraycopy(value, 0, message, 2, value.length);
        ByteBuf frame = Unpooled.buffer().writeByte(0).writeInt(message.length).writeBytes(message);
        byte[] out = new byte[frame.readableBytes()];
        frame.readBytes(out);
        return out;
    }

    /** Masked values that would not fit in the ACK frame with everything else cannot be carried out: a limit. */
    @Test
    void headerFieldsTooLargeForTheFrameAreALimit(@TempDir Path dir) throws Exception {
        try (SpoeRuntime small = start(dir, b -> b.spoeMaxFrameSize(4096));
             SpopClient c = SpopClient.connect(small.port())) {
            c.hello(16380, false);
            // The NOTIFY fits a 4 KiB frame; both fields again, with the ACK's other variables, do not.
            c.send(responseFrame(48, 200, hdrs("content-type", "application/json", "x-debug-db",
                    "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app", "x-debug-db", "x".repeat(3100)),
                    "{\"ok\":true}"));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("alert", vars.get("action"), vars.toString());
            assertNull(vars.get("headers"));
        }
    }

    /** A route that ignores every finding and fails open: the agent allows its messages unread. */
    @Test
    void aRouteThatActsOnNothingIsAllowedUnread(@TempDir Path dir) throws Exception {
        withPolicy(dir, """
                version: 1
                defaults:
                  request: {attack: block}
                routes:
                  - name: static
                    match: {path: /static/**}
                    actions: {pii: ignore, secret: ignore, attack: ignore}
                """, c -> {
            assertEquals("allow", postAction(c, 47, "/static/upload", SQLI));
            assertEquals("block", postAction(c, 48, "/search", SQLI), "the other routes are enforced");
        });
    }

    @Test
    void aRouteInDetectModeIsOnlyAlertedWhileTheRestIsEnforced(@TempDir Path dir) throws Exception {
        withPolicy(dir, """
                version: 1
                defaults:
                  request: {attack: block}
                  response: {credit_card: {action: redact, mask: keep_last_4}}
                routes:
                  - name: beta
                    match: {path: /beta/**}
                    mode: detect
                """, c -> {
            assertEquals("alert", postAction(c, 49, "/beta/search", SQLI), "reported, not refused");
            assertEquals("block", postAction(c, 50, "/search", SQLI), "the other routes are enforced");
        });
    }

    @Test
    void aSampledRouteReadsAboutItsShareOfMessages(@TempDir Path dir) throws Exception {
        withPolicy(dir, """
                version: 1
                defaults:
                  actions: {pii: alert}
                routes:
                  - name: feed
                    match: {path: /feed/**}
                    sample: 50%
                """, c -> {
            int read = 0;
            for (int i = 0; i < 200; i++) {
                String action = postAction(c, 100 + i, "/feed/" + i, CARD_JSON);
                assertTrue(action.equals("alert") || action.equals("allow"), action);
                read += action.equals("alert") ? 1 : 0; // inspected: the card is found; left out: allowed unread
            }
            // Binomial(200, 0.5): 100 ± 7; 50..150 fails once in 10^12 runs.
            assertTrue(read >= 50 && read <= 150, read + " of 200 read");
            assertEquals("alert", postAction(c, 400, "/other", CARD_JSON), "other routes are read whole");
        });
    }

    /** A route's own bound on the bytes inspected: an attack past it is not read there, and is elsewhere. */
    @Test
    void aRouteReadsABodyUpToItsOwnBound(@TempDir Path dir) throws Exception {
        withPolicy(dir, """
                version: 1
                defaults:
                  request: {attack: block}
                routes:
                  - name: uploads
                    match: {path: /uploads/**}
                    limits: {max_inspected_bytes: {request: 1KiB}}
                  - name: strict
                    match: {path: /strict/**}
                    limits: {max_inspected_bytes: 1KiB}
                    on_failure: {limit: closed}
                """, c -> {
            String late = "{\"pad\":\"" + "p".repeat(1500) + "\",\"q\":\"0 UNION SELECT username, password FROM users--\"}";
            assertEquals("allow", postAction(c, 60, "/uploads/a", late), "the attack lies past the route's first KiB");
            assertEquals("block", postAction(c, 61, "/uploads/a", SQLI), "one within it is refused");
            assertEquals("block", postAction(c, 62, "/other", late), "the defaults read the whole body");
            assertEquals("block", postAction(c, 63, "/strict/a", "{\"pad\":\"" + "p".repeat(1500) + "\"}"),
                    "longer than a fail-closed route reads");
            assertEquals("allow", postAction(c, 64, "/strict/a", "{\"pad\":\"short\"}"));
        });
    }

    /** A refusal on a route with its own answer carries it for HAProxy's return rules; a gRPC call's does not. */
    @Test
    void aBlockCarriesTheRoutesOwnAnswer(@TempDir Path dir) throws Exception {
        withPolicy(dir, """
                version: 1
                defaults:
                  request: {attack: block}
                  block_response:
                    status: 451
                    content_type: text/plain
                    body: "refused {event_id}"
                    headers: {Retry-After: "120", X-Reference: "{event_id}"}
                """, c -> {
            c.send(requestFrame(70, "POST", "/search", hdrs("content-type", "application/json", "host", "app"), SQLI));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("block", vars.get("action"));
            assertEquals(451L, ((Number) vars.get("block_status")).longValue());
            assertEquals("text/plain", vars.get("block_type"));
            assertEquals("refused " + vars.get("event_id"), new String((byte[]) vars.get("block_body"),
                    StandardCharsets.UTF_8));
            assertEquals("Retry-After: 120\r\nX-Reference: " + vars.get("event_id") + "\r\n",
                    new String((byte[]) vars.get("block_headers"), StandardCharsets.UTF_8));
            byte[] query = "0 UNION SELECT username, password FROM users--".getBytes(StandardCharsets.UTF_8);
            byte[] message = new byte[5 + 2 + query.length]; // one gRPC frame: field 1, the query as a string
            message[4] = (byte) (2 + query.length);
            message[5] = 0x0a;
            message[6] = (byte) query.length;
            System.arraycopy(query, 0, message, 7, query.length);
            c.send(requestFrame(71, "POST", "/pkg.Svc/Search", hdrs("content-type", "application/grpc", "host", "app"),
                    message));
            Map<String, Object> grpc = SpopClient.vars(c.receive());
            assertEquals("block", grpc.get("action"));
            assertFalse(grpc.containsKey("block_status"), "gRPC keeps PERMISSION_DENIED: " + grpc);
        });
    }

    @Test
    void eventsCarryTheRequestIdHaproxyPassedOn(@TempDir Path dir) throws Exception {
        try (SpoeRuntime agent = start(dir, b -> b);
             SpopClient c = SpopClient.connect(agent.port())) {
            c.hello(16380, false);
            c.send(requestFrame(60, "POST", "/search", hdrs("content-type", "application/json", "host", "app",
                    "x-request-id", "7f3a9c21:0a01"), SQLI));
            assertEquals("block", SpopClient.vars(c.receive()).get("action"));
        } // closing the agent drains its event log
        JsonNode e = new ObjectMapper().readTree(Files.readAllLines(dir.resolve("events.jsonl")).getFirst());
        assertEquals("7f3a9c21:0a01", e.path("requestId").asText(), "HAProxy's unique-id, when haproxy.cfg sends it");
        assertTrue(e.path("traceId").isNull());
    }

    /**
     * A body without a declared length that the configuration says filled HAProxy's buffer
     * ({@code cut}): read whole here, it is still a limit, as a body shorter than its length is.
     */
    @Test
    void aChunkedBodyTheConfigurationSaysWasCutIsALimit() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(responseFrame(45, "GET", "/api/users", hdrs("host", "app"), 200,
                    hdrs("content-type", "application/json", "transfer-encoding", "chunked"),
                    CARD_JSON.getBytes(StandardCharsets.UTF_8), SpoeCheck.CUT));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("alert", vars.get("action"), "the cut start is not returned masked");
            assertNull(vars.get("body"));
            String id = (String) vars.get("event_id");
            JsonNode e = awaitEvent(events, x -> x.path("exchangeId").asText().equals(id));
            assertEquals("inspected_bytes_limit", e.path("outcome").asText());
            assertTrue(e.path("reason").asText().contains(SpoeCheck.NOTE_TRUNCATED), e.toString());
        }
    }

    @Test
    void aBodyCutByHaproxysBufferIsALimit() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(responseFrame(44, 200, hdrs("content-type", "application/json", "content-length", "99999"),
                    CARD_JSON));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("alert", vars.get("action"));
            String id = (String) vars.get("event_id");
            JsonNode e = awaitEvent(events, x -> x.path("exchangeId").asText().equals(id));
            assertEquals("inspected_bytes_limit", e.path("outcome").asText());
            assertTrue(e.path("reason").asText().contains(SpoeCheck.NOTE_TRUNCATED), e.toString());
        }
    }

    @Test
    void benignBodiesAndOtherMessagesAreAllowed() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(requestFrame(45, "POST", "/orders", hdrs("content-type", "application/json"), "{\"sku\":\"A-1\"}"));
            Map<String, Object> vars = SpopClient.vars(c.receive());
            assertEquals("allow", vars.get("action"));
            assertEquals(0L, vars.get("findings"));
            c.send(Spop.FRAME_NOTIFY, 46, 1, w -> {
                w.string("ip-reputation");
                w.varint(1);
                w.string("ip").typedString("10.0.0.1");
            });
            SpopFrame ack = c.receive();
            assertEquals(Spop.FRAME_ACK, ack.type());
            assertTrue(SpopClient.vars(ack).isEmpty());
        }
    }

    /** HAProxy pipelines NOTIFY frames on one connection; each gets its ACK, in order, with its ids. */
    @Test
    void pipelinedNotifiesAreEachAcknowledged() throws Exception {
        try (SpopClient c = greeted()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                all.write(requestFrame(1000 + i, "POST", "/p", hdrs("content-type", "application/json"),
                        i % 2 == 0 ? "{\"a\":1}" : "{\"q\":\"<script>alert(1)</script>\"}"));
            }
            c.send(all.toByteArray());
            for (int i = 0; i < 50; i++) {
                SpopFrame ack = c.receive();
                assertEquals(1000 + i, ack.streamId());
                assertEquals(i % 2 == 0 ? "allow" : "block", SpopClient.vars(ack).get("action"));
            }
        }
    }

    private static void assertDisconnect(SpopClient c, int status) throws IOException {
        SpopFrame f = c.receive();
        assertNotNull(f, "an AGENT-DISCONNECT before the close");
        assertEquals(Spop.FRAME_AGENT_DISCONNECT, f.type());
        assertEquals((long) status, SpopClient.kv(f).get("status-code"));
        assertTrue(c.closedByAgent());
    }

    @Test
    void notifyBeforeHelloIsAnInvalidFrame() throws Exception {
        try (SpopClient c = SpopClient.connect(agent.port())) {
            c.send(requestFrame(1, "GET", "/", hdrs(), "{}"));
            assertDisconnect(c, Spop.STATUS_INVALID_FRAME);
        }
    }

    @Test
    void fragmentedPayloadsAreRefused() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(SpopClient.frame(Spop.FRAME_NOTIFY, 0, 1, 1, w -> w.string(SpoeCheck.REQUEST_MESSAGE)));
            assertDisconnect(c, Spop.STATUS_NO_FRAGMENTATION);
        }
    }

    @Test
    void aFrameOverTheMaximumIsRefusedBeforeItIsRead() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(new byte[] {0x7f, 0, 0, 0, Spop.FRAME_NOTIFY});
            assertDisconnect(c, Spop.STATUS_TOO_BIG);
        }
    }

    @Test
    void helloWithoutVersionTwoOrFrameSizeIsRefused() throws Exception {
        try (SpopClient c = SpopClient.connect(agent.port())) {
            c.send(Spop.FRAME_HAPROXY_HELLO, 0, 0, w -> {
                w.string("supported-versions").typedString("1.0");
                w.string("max-frame-size").typedUint32(16380);
                w.string("capabilities").typedString("");
            });
            assertDisconnect(c, Spop.STATUS_BAD_VERSION);
        }
        try (SpopClient c = SpopClient.connect(agent.port())) {
            c.send(Spop.FRAME_HAPROXY_HELLO, 0, 0, w -> {
                w.string("supported-versions").typedString("2.0");
                w.string("capabilities").typedString("");
            });
            assertDisconnect(c, Spop.STATUS_NO_FRAME_SIZE);
        }
    }

    @Test
    void haproxyDisconnectIsAnswered() throws Exception {
        try (SpopClient c = greeted()) {
            c.send(Spop.FRAME_HAPROXY_DISCONNECT, 0, 0, w -> {
                w.string("status-code").typedUint32(0);
                w.string("message").typedString("stopping");
            });
            assertDisconnect(c, Spop.STATUS_NORMAL);
        }
    }

    @Test
    void aConnectionWithoutHelloIsClosedAfterTheHelloTimeout() throws Exception {
        try (SpopClient c = SpopClient.connect(agent.port())) {
            long start = System.nanoTime();
            assertTrue(c.closedByAgent());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        }
    }

    /**
     * Random bytes after a good HELLO: the agent answers what parses and ends the connection on
     * what does not, and keeps serving new connections.
     */
    @RepeatedTest(20)
    void randomFramesNeverBreakTheAgent(RepetitionInfo rep) throws Exception {
        Random random = new Random(104729L * rep.getCurrentRepetition());
        try (SpopClient c = greeted()) {
            byte[] good = requestFrame(7, "POST", "/x", hdrs("content-type", "application/json"), "{\"a\":[1,2]}");
            byte[] bad = good.clone();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                bad[4 + random.nextInt(bad.length - 4)] = (byte) random.nextInt(256);
            }
            c.send(bad);
            SpopFrame f = c.receive();
            assertTrue(f == null || f.type() == Spop.FRAME_ACK || f.type() == Spop.FRAME_AGENT_DISCONNECT);
        } catch (java.net.SocketTimeoutException e) {
            // the frame may have been left incomplete by a changed length; the agent then waits for the rest
        }
        try (SpopClient c = greeted()) {
            c.send(requestFrame(8, "POST", "/x", hdrs("content-type", "application/json"), "{\"a\":1}"));
            assertEquals("allow", SpopClient.vars(c.receive()).get("action"));
        }
    }
}
