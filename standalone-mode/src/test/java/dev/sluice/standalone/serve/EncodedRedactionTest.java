package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redacting Content-Encoded and Content-Length responses through {@code sluice serve} under the
 * embedded default policy (cards in responses: keep the last 4), end to end over real sockets,
 * fetched with curl over HTTP/1.1 and h2c: the client gets valid JSON with the card masked, no
 * Content-Encoding, and framing that matches the bytes it got; a gzip stream cut short is reset,
 * never ended as if it were whole.
 */
class EncodedRedactionTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String REPLY = "{\"owner\":\"Alice\",\"card\":\"" + CARD + "\",\"items\":["
            + "1,2,3,".repeat(400) + "4],\"note\":\"thanks\"}";
    private static final String EXPECTED = REPLY.replace(CARD, "**** **** **** 1111");
    /** A .NET service's SOAP answer: UTF-16, little endian, with its byte order mark. */
    private static final String SOAP = "<?xml version=\"1.0\" encoding=\"utf-16\"?><Envelope><Body><Payment>"
            + "<Card>" + CARD + "</Card><Owner>Alice</Owner></Payment></Body></Envelope>";
    private static final byte[] UTF16_MARK = {(byte) 0xff, (byte) 0xfe};

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        byte[] gzipped = ServeTests.gzip(REPLY.getBytes(StandardCharsets.UTF_8));
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            switch (ex.getRequestURI().getPath()) {
                case "/gzip" -> send(ex, gzipped, "gzip");
                case "/gzip-cut" -> send(ex, Arrays.copyOf(gzipped, gzipped.length - 12), "gzip");
                case "/utf16-soap" -> send(ex, "text/xml; charset=utf-16", utf16(SOAP), null);
                case "/utf16-gzip" -> send(ex, "application/json", ServeTests.gzip(utf16(REPLY)), "gzip");
                default -> send(ex, REPLY.getBytes(StandardCharsets.UTF_8), null);
            }
        });
        upstream.start();
        serve = ServeTests.serveDefault(upstream, dir.resolve("events.jsonl"));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    private static byte[] utf16(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = Arrays.copyOf(UTF16_MARK, 2 + body.length);
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    private static void send(HttpExchange ex, byte[] body, String encoding) throws IOException {
        send(ex, "application/json", body, encoding);
    }

    /** With a Content-Length, so the proxy must not pass it on for a body it resizes. */
    private static void send(HttpExchange ex, String contentType, byte[] body, String encoding) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (encoding != null) {
            ex.getResponseHeaders().set("Content-Encoding", encoding);
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static ServeTests.Fetched curl(String path, String... options) throws Exception {
        return ServeTests.curl(dir, serve, path, options);
    }

    /** The body is the redacted reply and the head frames it: a matching Content-Length, or none (chunked, h2 DATA). */
    private static void assertRedactedAndFramed(ServeTests.Fetched f, boolean http2) throws IOException {
        assertEquals(0, f.exit(), f.stderr());
        String body = new String(f.body(), StandardCharsets.UTF_8);
        assertEquals(EXPECTED, body);
        JsonNode json = ServeTests.JSON.readTree(f.body());
        assertEquals("**** **** **** 1111", json.path("card").asText());
        assertEquals(null, f.header("content-encoding"), f.headers().toString());
        String length = f.header("content-length");
        if (length != null) {
            assertEquals(f.body().length, Integer.parseInt(length), f.headers().toString());
        } else if (!http2) {
            assertEquals("chunked", f.header("transfer-encoding").toLowerCase(Locale.ROOT), f.headers().toString());
        }
    }

    @Test
    void aGzipResponseArrivesDecodedAndRedactedForCurl() throws Exception {
        assertRedactedAndFramed(curl("/gzip", "--compressed"), false);
        assertRedactedAndFramed(curl("/gzip"), false);
    }

    @Test
    void aGzipResponseArrivesDecodedAndRedactedOverH2c() throws Exception {
        assertRedactedAndFramed(curl("/gzip", "--http2-prior-knowledge", "--compressed"), true);
        assertRedactedAndFramed(curl("/gzip", "--http2-prior-knowledge"), true);
    }

    @Test
    void aContentLengthResponseThatIsRedactedKeepsValidFraming() throws Exception {
        assertRedactedAndFramed(curl("/plain"), false);
        assertRedactedAndFramed(curl("/plain", "--http2-prior-knowledge"), true);
    }

    /**
     * Read as sent, UTF-16 holds no ASCII digit ({@code 4\0 1\0 1\0 1\0}): the body is inspected
     * as UTF-8 and forwarded in UTF-16 again, its mark first, its Content-Type as it was.
     */
    @Test
    void aUtf16XmlResponseIsRedactedAndStaysUtf16() throws Exception {
        for (String[] options : List.of(new String[0], new String[] {"--http2-prior-knowledge"})) {
            ServeTests.Fetched f = curl("/utf16-soap", options);
            assertEquals(0, f.exit(), f.stderr());
            assertArrayEquals(utf16(SOAP.replace(CARD, "**** **** **** 1111")), f.body());
            assertEquals("text/xml; charset=utf-16", f.header("content-type"));
        }
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                e -> e.path("path").asText().equals("/utf16-soap"));
        assertEquals("/Envelope/Body/Payment/Card", ServeTests.finding(event, "credit_card").path("path").asText());
    }

    @Test
    void aGzippedUtf16ResponseArrivesDecodedInUtf16() throws Exception {
        ServeTests.Fetched f = curl("/utf16-gzip");
        assertEquals(0, f.exit(), f.stderr());
        assertArrayEquals(utf16(EXPECTED), f.body());
        assertEquals(null, f.header("content-encoding"), f.headers().toString());
    }

    @Test
    void aGzipStreamCutShortIsResetNotEndedAsWhole() throws Exception {
        ServeTests.Fetched f = curl("/gzip-cut");
        // 18: partial file, 56: receive failure (connection reset) — never a clean 0.
        assertTrue(List.of(18, 56).contains(f.exit()), f.exit() + " " + f.stderr());
        assertFalse(new String(f.body(), StandardCharsets.UTF_8).contains(CARD));
        ServeTests.Fetched h2 = curl("/gzip-cut", "--http2-prior-knowledge");
        assertEquals(92, h2.exit(), h2.stderr());
    }
}
