package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WAF bypasses through a body's encoding. An attack sent as plain JSON under a
 * {@code Content-Encoding} it does not have, or written in a charset that is not ASCII.
 * The upstream here, like most services, never decodes a request's coding and reads the body as
 * sent; Sluice, its coding failing, reads it as sent too and blocks it under the default policy.
 * Nothing of it reaches the upstream. A body that is in its coding is decoded as before.
 */
class EncodingEvasionServeTest {
    private static final String ATTACK = "{\"q\":\"0 UNION SELECT username, password FROM users--\"}";
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        upstream = ServeTests.recordingUpstream(RECEIVED,
                ex -> ex.getRequestHeaders().getFirst("Content-Encoding") + " "
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
        serve = ServeTests.serveDefault(upstream, dir.resolve("events.jsonl"));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "deflate", "zstd"})
    void anAttackUnderACodingItDoesNotHaveIsBlocked(String coding) throws Exception {
        int before = RECEIVED.size();
        HttpResponse<String> r = post(coding, ATTACK.getBytes(StandardCharsets.UTF_8));
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(before, RECEIVED.size(), "nothing reached the upstream: " + RECEIVED);
        String eventId = ServeTests.JSON.readTree(r.body()).path("event_id").asText();
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                e -> e.path("exchangeId").asText().equals(eventId));
        assertEquals("detector:attack.sqli", event.path("reason").asText(), event.toString());
    }

    /**
     * The IBM037 bypass: ASP.NET and IIS decode a request body in the charset its Content-Type
     * names, EBCDIC included, where a WAF reading bytes sees no {@code UNION} at all. UTF-16
     * without a label is read by its zero bytes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=ibm037", "application/x-www-form-urlencoded; charset=IBM037",
            "application/json; charset=utf-16le", "application/json"})
    void anAttackInACharsetThatIsNotAsciiIsBlocked(String contentType) throws Exception {
        boolean form = contentType.startsWith("application/x-www-form-urlencoded");
        String charset = contentType.contains("charset=") ? contentType.substring(contentType.indexOf('=') + 1) : "UTF-16LE";
        byte[] body = (form ? "q=0 UNION SELECT username, password FROM users--" : ATTACK)
                .getBytes(Charset.forName(charset));
        int before = RECEIVED.size();
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serve.proxyPort() + "/search"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), contentType + ": " + r.body());
        assertEquals(before, RECEIVED.size(), "nothing reached the upstream");
    }

    /** A form field written in base64 or EBCDIC inside its multipart part. */
    @ParameterizedTest
    @ValueSource(strings = {"Content-Transfer-Encoding: base64", "Content-Type: text/plain; charset=ibm037"})
    void anAttackInAnEncodedPartIsBlocked(String partHeader) throws Exception {
        byte[] value = partHeader.contains("base64")
                ? Base64.getEncoder().encode("0 UNION SELECT username, password FROM users--".getBytes(StandardCharsets.US_ASCII))
                : "0 UNION SELECT username, password FROM users--".getBytes(Charset.forName("IBM037"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--zz\r\nContent-Disposition: form-data; name=\"q\"\r\n" + partHeader + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(value);
        body.writeBytes("\r\n--zz--\r\n".getBytes(StandardCharsets.US_ASCII));
        int before = RECEIVED.size();
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serve.proxyPort() + "/upload"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "multipart/form-data; boundary=zz")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), partHeader + ": " + r.body());
        assertEquals(before, RECEIVED.size(), "nothing reached the upstream");
    }

    @Test
    void aBodyInItsCodingIsDecodedAsBefore() throws Exception {
        assertEquals(403, post("gzip", ServeTests.gzip(ATTACK.getBytes(StandardCharsets.UTF_8))).statusCode());
        HttpResponse<String> ok = post("gzip", ServeTests.gzip("{\"q\":\"winter boots\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, ok.statusCode());
        assertTrue(RECEIVED.stream().anyMatch(b -> b.startsWith("gzip ")), RECEIVED.toString());
    }

    private static HttpResponse<String> post(String coding, byte[] body) throws IOException, InterruptedException {
        return ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.proxyPort() + "/search"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Content-Encoding", coding).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
