package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.finding;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DynamicMessage;
import dev.sluice.standalone.config.EventsOutput;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo}: the curl commands it prints work against it (run here with Java's HTTP
 * client, parsed from the printed text), and each one shows what the README promises: cards and
 * secrets masked in answers, a login reported, an SQL injection refused with a 403 naming its event.
 */
class DemoTest {

    @Test
    void thePrintedCurlCommandsWorkAndShowFindings(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        try (Demo demo = start(events)) {
            String banner = demo.banner();
            List<String> printed = banner.lines().map(String::strip).filter(l -> l.startsWith("curl ")).toList();
            assertEquals(7, printed.size(), banner);
            Map<String, String> bodies = new java.util.HashMap<>();
            Map<String, java.net.http.HttpHeaders> heads = new java.util.HashMap<>();
            for (String line : printed) {
                HttpResponse<String> r = ServeTests.CLIENT.send(Curl.parse(line), HttpResponse.BodyHandlers.ofString());
                String path = r.uri().getPath() + (r.uri().getQuery() == null ? "" : "?");
                bodies.put(path, r.body());
                heads.put(path, r.headers());
                assertEquals(path.startsWith("/api/search") ? 403 : 200, r.statusCode(), line);
                if (line.contains("/metrics")) {
                    assertTrue(r.body().contains("sluice_findings_total"), r.body());
                }
                if (line.endsWith("/policy")) {
                    assertEquals("embedded default", ServeTests.JSON.readTree(r.body()).path("origin").asText());
                }
            }
            JsonNode blocked = ServeTests.JSON.readTree(bodies.get("/api/search"));
            assertEquals("blocked", blocked.path("error").asText());
            String eventId = blocked.path("event_id").asText();
            JsonNode block = awaitEvent(events, e -> e.path("exchangeId").asText().equals(eventId));
            assertEquals("block", block.path("action").asText());
            assertEquals("blocked", block.path("delivery").asText());
            assertEquals("detector:attack.sqli", block.path("reason").asText());
            // The same injection in the URL: refused at the request head.
            String urlEventId = ServeTests.JSON.readTree(bodies.get("/api/search?")).path("event_id").asText();
            JsonNode urlBlock = awaitEvent(events, e -> e.path("exchangeId").asText().equals(urlEventId));
            assertEquals("query:q", urlBlock.path("findings").get(0).path("path").asText(), urlBlock.toString());
            // Redacted on the way: the card keeps its last four digits, the secret key is replaced.
            assertFalse(bodies.get("/api/users").contains("5555555555554444"), bodies.get("/api/users"));
            assertTrue(bodies.get("/api/users").contains("4444"), bodies.get("/api/users"));
            assertFalse(bodies.get("/api/config").contains("q7Rv+Lx2mP9sK4tW1nB8yZ3cH6fJ0gD5aE2uN7oQ"));
            assertEquals("[REDACTED:basic_auth_url]/billing", heads.get("/api/config")
                    .firstValue(DemoUpstream.DEBUG_HEADER).orElse(""), "the header is masked in place");
            assertTrue(bodies.get("/api/login").contains("session"), "an alert changes nothing");
            awaitEvent(events, e -> e.path("path").asText().equals("/api/users") && hasFinding(e, "credit_card")
                    && hasFinding(e, "us_ssn") && hasFinding(e, "email"));
            awaitEvent(events, e -> e.path("path").asText().equals("/api/config")
                    && hasFinding(e, "aws_access_key_id") && hasFinding(e, "aws_secret_access_key")
                    && hasFinding(e, "basic_auth_url") && e.toString().contains("header:x-debug-datasource"));
            JsonNode login = awaitEvent(events, e -> e.path("path").asText().equals("/api/login")
                    && e.path("direction").asText().equals("request") && hasFinding(e, "password_field"));
            assertEquals("alert", login.path("action").asText());
            assertEquals("forwarded", login.path("delivery").asText());
            awaitEvent(events, e -> e.path("path").asText().equals("/api/login")
                    && e.path("direction").asText().equals("response") && hasFinding(e, "jwt"));
            String log = Files.readString(events);
            assertFalse(log.contains("AKIA2E3MZR7TQX5LWB4N"));
            assertFalse(log.contains("Tr0ub4dor"));
            assertFalse(log.contains("512-44-8291"));
        }
    }

    @Test
    void theGrpcServiceAnswersMaskedAndAnInjectionIsDenied(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        try (Demo demo = start(events)) {
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", demo.proxyPort(),
                    InsecureChannelCredentials.create()).build();
            try {
                // serve does not wait for a reflection lookup at the end of a body: the first call
                // may be read schema-less while the lookup it started is under way; later calls
                // are read with the schema. Either way the answer is masked.
                JsonNode answer = null;
                for (int attempt = 0; attempt < 20 && answer == null; attempt++) {
                    DynamicMessage account = call(channel, DemoAccounts.GET_ACCOUNT,
                            DynamicMessage.getDefaultInstance(DemoAccounts.GET_ACCOUNT_REQUEST));
                    assertEquals("************1111", field(account, "card_number"));
                    assertEquals("[REDACTED:stripe_key]", field(account, "api_key"));
                    assertEquals("alice.nguyen@fastmail.com", field(account, "email"), "an alert changes nothing");
                    assertEquals("Alice Nguyen", field(account, "name"));
                    int calls = attempt + 1;
                    awaitEvent(events, e -> ServeTests.events(events).stream().filter(DemoTest::accountAnswer).count() == calls);
                    answer = ServeTests.events(events).stream().filter(DemoTest::accountAnswer)
                            .filter(e -> finding(e, "credit_card").path("path").asText().equals("card_number"))
                            .findFirst().orElse(null);
                    Thread.sleep(attempt * 20L);
                }
                assertTrue(answer != null, "never read with the schema reflection gives");
                assertEquals("api_key", finding(answer, "stripe_key").path("path").asText());
                assertEquals("email", finding(answer, "email").path("path").asText());

                DynamicMessage found = call(channel, DemoAccounts.SEARCH, DemoAccounts.searchRequest("okafor"));
                DynamicMessage bob = (DynamicMessage) found.getRepeatedField(
                        DemoAccounts.SEARCH_RESPONSE.findFieldByName("accounts"), 0);
                assertEquals("************4444", field(bob, "card_number"));

                StatusRuntimeException denied = assertThrows(StatusRuntimeException.class, () -> call(channel,
                        DemoAccounts.SEARCH, DemoAccounts.searchRequest(Demo.SEARCH_QUERY)));
                assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
                JsonNode block = awaitEvent(events, e -> e.path("path").asText().equals("/demo.Accounts/Search")
                        && e.path("direction").asText().equals("request") && hasFinding(e, "attack.sqli"));
                assertEquals("blocked", block.path("delivery").asText());
                assertEquals("query", finding(block, "attack.sqli").path("path").asText());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            String log = Files.readString(events);
            assertFalse(log.contains(DemoAccounts.ALICE_CARD));
            assertFalse(log.contains(DemoAccounts.ALICE_API_KEY));
        }
    }

    /** The printed gRPC commands, run as printed by {@code sh} (Debian's is dash), with the curl on the PATH. */
    @Test
    void thePrintedGrpcCommandsWorkWithPlainCurl(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("curl") && onPath("sh") && onPath("grep"), "needs curl, sh and grep");
        try (Demo demo = start(dir.resolve("events.jsonl"))) {
            List<String> commands = demo.grpcCommands();
            assertTrue(commands.stream().allMatch(c -> demo.banner().contains("  " + c + "\n")), demo.banner());
            String account = shell(commands.get(0));
            assertEquals(List.of("Alice Nguyen", "alice.nguyen@fastmail.com", "************1111",
                    "[REDACTED:stripe_key]"), account.lines().toList(), account);
            String denied = shell(commands.get(1));
            assertTrue(denied.contains("< grpc-status: 7"), denied);
        }
    }

    private static boolean accountAnswer(JsonNode event) {
        return event.path("path").asText().equals("/demo.Accounts/GetAccount")
                && event.path("direction").asText().equals("response") && hasFinding(event, "credit_card");
    }

    private static Demo start(Path events) throws StartupException {
        return Demo.start(ServeTests.FREE_LOOPBACK_PORT, ServeTests.FREE_LOOPBACK_PORT, EventsOutput.toFile(events),
                Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static DynamicMessage call(ManagedChannel channel, MethodDescriptor<DynamicMessage, DynamicMessage> method,
                                       DynamicMessage request) {
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(10,
                TimeUnit.SECONDS), request);
    }

    private static String field(DynamicMessage account, String name) {
        return DemoAccounts.field(account, name);
    }

    private static boolean onPath(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} with {@code sh -c}; stdout and stderr together, as a terminal shows them. */
    private static String shell(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(1 << 20);
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), command);
        assertEquals(0, p.exitValue(), command);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The few curl forms the demo prints: {@code -s}, {@code -X METHOD}, {@code -H 'h: v'}, {@code -d 'body'}, URL, an optional pipe. */
    static final class Curl {
        static HttpRequest parse(String line) {
            int pipe = line.indexOf(" | ");
            List<String> words = words(pipe < 0 ? line : line.substring(0, pipe));
            HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
            String method = "GET";
            String body = null;
            for (int i = 1; i < words.size(); i++) {
                String w = words.get(i);
                switch (w) {
                    case "-s", "-si" -> { }
                    case "-X" -> method = words.get(++i);
                    case "-H" -> {
                        String h = words.get(++i);
                        int colon = h.indexOf(':');
                        b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
                    }
                    case "-d" -> body = words.get(++i);
                    default -> b.uri(URI.create(w));
                }
            }
            return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build();
        }

        /** Shell words: spaces separate, single quotes group. */
        private static List<String> words(String s) {
            List<String> out = new ArrayList<>();
            StringBuilder w = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (char c : s.toCharArray()) {
                if (c == '\'') {
                    quoted = !quoted;
                    any = true;
                } else if (c == ' ' && !quoted) {
                    if (any) {
                        out.add(w.toString());
                        w.setLength(0);
                        any = false;
                    }
                } else {
                    w.append(c);
                    any = true;
                }
            }
            if (any) {
                out.add(w.toString());
            }
            return out;
        }
    }
}
