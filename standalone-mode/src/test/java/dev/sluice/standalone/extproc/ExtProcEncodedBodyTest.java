package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Content-encoded bodies on a redacting route. A rewriting inspection releases the body decoded
 * (Content-Encoding dropped); when decoding stops before the body's end (here: a gzip stream cut
 * off) the body must not end as if it were whole — a held body is refused, a streamed response is
 * reset — whatever the fail rule (both routes here fail open). A body only part of which Envoy
 * sends ({@code BUFFERED_PARTIAL} over its buffer) goes on as it came, encoding and all.
 */
class ExtProcEncodedBodyTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    static final String EMAIL = ExtProcMatrixTest.EMAIL;
    static final String BODY = ExtProcMatrixTest.BODY;
    private static ExtProcFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(tempRoot, "extproc-encoded");
        fixture = ExtProcFixture.start(dir, ExtProcFixture.policy("redact", "open"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** {@code body} in chunks of at most {@code size} bytes. */
    static List<byte[]> chunks(byte[] body, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < body.length; i += size) {
            out.add(Arrays.copyOfRange(body, i, Math.min(body.length, i + size)));
        }
        return out;
    }

    private static ExchangeResult respond(EnvoyFilterConfig cfg, byte[] gz) {
        HttpMessage response = HttpMessage.response(200, "application/json", chunks(gz, 40))
                .withHeader("content-encoding", "gzip").withHeader("content-length", Integer.toString(gz.length));
        ExchangeResult r = fixture.envoy.run(cfg, ExtProcProtocolTest.jsonRequest("{}"), response);
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNull(r.grpcError(), "gRPC error");
        return r;
    }

    private static JsonNode event(ExchangeResult r) throws InterruptedException {
        return fixture.awaitEventOf(r, "response");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BUFFERED", "STREAMED", "FULL_DUPLEX_STREAMED"})
    void aWholeEncodedBodyLeavesDecodedAndRedacted(String modeName) throws Exception {
        ExchangeResult r = respond(EnvoyFilterConfig.both(BodyMode.valueOf(modeName)), gzip(BODY));
        assertNull(r.localReply());
        assertFalse(r.reset());
        assertNull(r.responseHeaders().get("content-encoding"), r.responseHeaders().toString());
        assertEquals(BODY.replace(EMAIL, ""), r.responseText().replaceAll("\\[REDACTED[^\\]]*\\]", ""));
        String length = r.responseHeaders().get("content-length");
        if (length != null) {
            assertEquals(r.responseBody().length, Integer.parseInt(length), "a kept Content-Length is the decoded one");
        }
        JsonNode e = event(r);
        assertEquals("redact", e.path("action").asText());
        assertEquals("redacted", e.path("delivery").asText());
    }

    /**
     * A body with a Content-Length that a redaction shortens: in the streamed modes its headers
     * leave before its bytes are known, so they lose the length (Envoy would not fix it); held, it
     * is set to what was released.
     */
    @ParameterizedTest
    @ValueSource(strings = {"BUFFERED", "STREAMED", "FULL_DUPLEX_STREAMED"})
    void aRedactedBodyNeverKeepsAContentLengthItNoLongerHas(String modeName) throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        HttpMessage response = HttpMessage.response(200, "application/json", chunks(body, 40))
                .withHeader("content-length", Integer.toString(body.length));
        ExchangeResult r = fixture.envoy.run(EnvoyFilterConfig.both(BodyMode.valueOf(modeName)),
                ExtProcProtocolTest.jsonRequest("{}"), response);
        assertNull(r.grpcError(), "gRPC error");
        assertEquals(BODY.replace(EMAIL, ""), r.responseText().replaceAll("\\[REDACTED[^\\]]*\\]", ""));
        assertTrue(r.responseBody().length != body.length, "the redaction changed the length");
        String length = r.responseHeaders().get("content-length");
        if (length != null) {
            assertEquals(r.responseBody().length, Integer.parseInt(length), r.responseHeaders().toString());
        }
    }

    /** A UTF-16 body (odd chunks cut its code units) is inspected as text and redacted in UTF-16, mark first. */
    @ParameterizedTest
    @ValueSource(strings = {"BUFFERED", "STREAMED", "FULL_DUPLEX_STREAMED"})
    void aUtf16BodyIsRedactedInUtf16(String modeName) throws Exception {
        byte[] utf16 = BODY.getBytes(StandardCharsets.UTF_16); // big endian, with its mark
        HttpMessage response = HttpMessage.response(200, "application/json; charset=utf-16", chunks(utf16, 39))
                .withHeader("content-length", Integer.toString(utf16.length));
        ExchangeResult r = fixture.envoy.run(EnvoyFilterConfig.both(BodyMode.valueOf(modeName)),
                ExtProcProtocolTest.jsonRequest("{}"), response);
        assertNull(r.grpcError(), "gRPC error");
        assertFalse(r.reset());
        byte[] out = r.responseBody();
        assertEquals(0xfe, out[0] & 0xff);
        assertEquals(0xff, out[1] & 0xff);
        assertEquals(BODY.replace(EMAIL, ""),
                new String(out, StandardCharsets.UTF_16).replaceAll("\\[REDACTED[^\\]]*\\]", ""));
        String length = r.responseHeaders().get("content-length");
        if (length != null) {
            assertEquals(out.length, Integer.parseInt(length), "a kept Content-Length is the rewritten one");
        }
        assertEquals("redacted", event(r).path("delivery").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BUFFERED", "STREAMED", "FULL_DUPLEX_STREAMED"})
    void aCutOffGzipBodyNeverEndsAsIfWhole(String modeName) throws Exception {
        BodyMode mode = BodyMode.valueOf(modeName);
        byte[] gz = gzip(BODY + " ".repeat(200) + BODY);
        byte[] cut = Arrays.copyOf(gz, gz.length * 2 / 3);
        ExchangeResult r = respond(EnvoyFilterConfig.both(mode), cut);
        JsonNode e = event(r);
        assertEquals("block", e.path("action").asText(), e.toString());
        assertTrue(e.path("reason").asText().startsWith("fail:"), e.toString());
        if (mode.holdsHeaders()) {
            assertNotNull(r.localReply(), "held headers: a clean refusal");
            assertEquals(403, r.localReply().status());
            assertNull(r.responseBody());
            assertEquals("blocked", e.path("delivery").asText());
        } else {
            assertTrue(r.reset(), "the headers promised a decoded body: the response is reset, not ended: " + r);
            assertEquals("reset", e.path("delivery").asText());
        }
    }

    @Test
    void aPartialBufferedEncodedBodyGoesOnAsItCame() throws Exception {
        byte[] gz = gzip(BODY + " ".repeat(300) + "{\"tail\":\"" + "z".repeat(400) + "\"}");
        ExchangeResult r = respond(EnvoyFilterConfig.both(BodyMode.BUFFERED_PARTIAL).bufferLimit(gz.length / 2), gz);
        assertNull(r.localReply());
        assertFalse(r.reset());
        assertEquals("gzip", r.responseHeaders().get("content-encoding"), r.responseHeaders().toString());
        assertArrayEquals(gz, r.responseBody(), "a part cannot be decoded before the encoded rest");
        assertEquals(Integer.toString(gz.length), r.responseHeaders().get("content-length"));
    }
}
