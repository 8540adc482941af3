package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.ByteString;
import dev.sluice.testing.Mutants;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpTrailers;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ext_proc server fed seeded random sequences of Envoy's messages: headers, body chunks and
 * trailers of either direction in any order, with or without end of stream, protocol
 * configurations with any body mode number, content types the inspector reads (JSON, gRPC, forms,
 * multipart, text) or does not, bodies cut from leaky JSON, gRPC frames or random bytes, and empty
 * messages. Whatever the order, each stream must end within the wait (answered to the end, closed
 * with a status, or timed out by the idle timeout) and never with UNKNOWN or INTERNAL, the codes of
 * an exception nobody handled; and a well-formed exchange must still be inspected afterwards.
 */
class RandomMessageSequenceTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final Set<Status.Code> UNHANDLED = Set.of(Status.Code.UNKNOWN, Status.Code.INTERNAL);
    private static final String[] CONTENT_TYPES = {"application/json", "application/grpc",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "text/plain", "image/png", ""};
    private static final String[] BODIES = {"{\"email\":\"jane.doe@mailbox.org\",\"card\":\"4111 1111 1111 1111\"}",
        "\u0000\u0000\u0000\u0000\u0012\n\u0010jane@mailbox.org", "email=jane%40mailbox.org&x=1",
        "--zz\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\njane@mailbox.org\r\n--zz--\r\n",
        "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", "0 UNION SELECT password FROM users--"};
    private static ExtProcFixture open;
    private static ExtProcFixture closed;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(tempRoot, "extproc-random");
        open = ExtProcFixture.start(Files.createDirectories(dir.resolve("open")),
                ExtProcFixture.policy("block", "open"), s -> s.withIdleTimeout(Duration.ofMillis(300)));
        closed = ExtProcFixture.start(Files.createDirectories(dir.resolve("closed")),
                ExtProcFixture.policy("block", "closed"), s -> s.withIdleTimeout(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(open, closed);
    }

    @RepeatedTest(value = 40, name = "sequence {currentRepetition}")
    void anySequenceEndsCleanly(RepetitionInfo info) throws Exception {
        for (long seed : Mutants.seeds(0xe9_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            List<ProcessingRequest> script = sequence(random);
            ExtProcFixture f = random.nextBoolean() ? open : closed;
            Object end = ExtProcProtocolTest.endOf(f, script, 5_000);
            String what = "seed " + seed + " (" + describe(script) + ")";
            assertNotNull(end, what + ": the stream must end, not hang");
            assertFalse(end instanceof Status s && UNHANDLED.contains(s.getCode()), what + ": ended with " + end);
        }
        if (info.getCurrentRepetition() % 20 == 0) {
            // The policy blocks e-mail addresses: a block shows the body was still inspected.
            ExchangeResult r = open.envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED),
                    ExtProcProtocolTest.jsonRequest(ExtProcProtocolTest.EMAIL_BODY),
                    ExtProcProtocolTest.okResponse("{}"));
            assertFalse(r.timedOut(), "a well-formed exchange after the random ones");
            assertNotNull(r.localReply(), "the e-mail address is blocked");
            assertEquals(403, r.localReply().status());
        }
    }

    private static List<ProcessingRequest> sequence(Random random) {
        List<ProcessingRequest> script = new ArrayList<>();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            boolean request = random.nextInt(3) > 0;
            boolean eos = random.nextInt(3) == 0;
            ProcessingRequest.Builder m = ProcessingRequest.newBuilder();
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> {
                    HttpHeaders h = HttpHeaders.newBuilder().setHeaders(EnvoySide.headerMap(headers(random, request)))
                            .setEndOfStream(eos).build();
                    m = request ? m.setRequestHeaders(h) : m.setResponseHeaders(h);
                    if (i == 0 && random.nextInt(3) == 0) {
                        m.setProtocolConfig(ProtocolConfiguration.newBuilder()
                                .setRequestBodyModeValue(random.nextInt(6)).setResponseBodyModeValue(random.nextInt(6))
                                .setSendBodyWithoutWaitingForHeaderResponse(random.nextBoolean()));
                    }
                }
                case 3, 4, 5, 6 -> {
                    HttpBody b = HttpBody.newBuilder().setBody(body(random)).setEndOfStream(eos).build();
                    m = request ? m.setRequestBody(b) : m.setResponseBody(b);
                }
                case 7, 8 -> m = request ? m.setRequestTrailers(HttpTrailers.getDefaultInstance())
                        : m.setResponseTrailers(HttpTrailers.getDefaultInstance());
                default -> {
                    // an empty message
                }
            }
            script.add(m.build());
        }
        return script;
    }

    private static Map<String, String> headers(Random random, boolean request) {
        Map<String, String> h = new LinkedHashMap<>();
        if (request) {
            h.put(":method", random.nextBoolean() ? "POST" : "GET");
            h.put(":path", random.nextBoolean() ? "/orders" : "/pkg.Service/Method");
        } else {
            h.put(":status", random.nextBoolean() ? "200" : "99999");
        }
        String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        if (!type.isEmpty()) {
            h.put("content-type", type);
        }
        if (random.nextInt(4) == 0) {
            h.put("content-encoding", random.nextBoolean() ? "gzip" : "br");
        }
        if (random.nextInt(4) == 0) {
            h.put("grpc-encoding", "gzip");
        }
        return h;
    }

    /** A leaky body, cut anywhere, or random bytes. */
    private static ByteString body(Random random) {
        if (random.nextInt(4) == 0) {
            byte[] b = new byte[random.nextInt(200)];
            random.nextBytes(b);
            return ByteString.copyFrom(b);
        }
        byte[] text = BODIES[random.nextInt(BODIES.length)].getBytes(StandardCharsets.UTF_8);
        int from = random.nextInt(text.length);
        return ByteString.copyFrom(text, from, random.nextInt(text.length - from + 1));
    }

    private static String describe(List<ProcessingRequest> script) {
        StringBuilder b = new StringBuilder();
        for (ProcessingRequest r : script) {
            b.append(b.isEmpty() ? "" : ", ").append(r.getRequestCase());
            if (r.hasRequestHeaders() && r.getRequestHeaders().getEndOfStream()
                    || r.hasResponseHeaders() && r.getResponseHeaders().getEndOfStream()
                    || r.hasRequestBody() && r.getRequestBody().getEndOfStream()
                    || r.hasResponseBody() && r.getResponseBody().getEndOfStream()) {
                b.append(" eos");
            }
        }
        return b.toString();
    }
}
