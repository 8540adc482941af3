package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.inspector.decode.Encodings;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.mask.MaskSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rewriting sessions over Content-Encoded bodies: every coding the inspector undoes leaves
 * decoded and redacted (output encoding identity), whatever the chunking of the compressed
 * bytes; a coding it cannot undo leaves the body byte for byte as it came, its encoding unchanged.
 */
class EncodedRewritingTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final JsonFactory JSON = new JsonFactory();
    /** Cards get keep-last-4, as the default policy has it; nothing else is touched. */
    static final RedactionPlan CARDS = f -> f.id().equals("credit_card")
            ? MaskSpec.keepLast4().forDetector(f.id())::apply : null;
    private static final int CHUNKINGS = 25;

    /** A JSON reply with a card in the middle, long enough that compressed chunks fall everywhere. */
    static byte[] cardReply() {
        StringBuilder b = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 200; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i).append("\"}");
        }
        b.append("],\"owner\":{\"name\":\"Alice\",\"card\":\"4111 1111 1111 1111\"},\"note\":\"thanks\"}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> codings() {
        return Stream.of(
                Arguments.of("gzip", (UnaryOperator<byte[]>) Encodings::gzip),
                Arguments.of("x-gzip", (UnaryOperator<byte[]>) Encodings::gzip),
                Arguments.of("deflate", (UnaryOperator<byte[]>) Encodings::zlib),
                Arguments.of("deflate", (UnaryOperator<byte[]>) Encodings::rawDeflate),
                Arguments.of("br", (UnaryOperator<byte[]>) Encodings::brotli),
                Arguments.of("zstd", (UnaryOperator<byte[]>) Encodings::zstd),
                Arguments.of("gzip, br", (UnaryOperator<byte[]>) b -> Encodings.brotli(Encodings.gzip(b))));
    }

    record Rewrite(byte[] body, InspectionResult result, String outputEncoding, boolean complete) {
    }

    static Rewrite rewrite(Inspector inspector, String contentEncoding, byte[] wire, int[] cuts) {
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json")
                .contentEncoding(contentEncoding).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InspectionSession s = inspector.openRewriting(spec, CARDS, out::write)) {
            int from = 0;
            for (int cut : cuts) {
                if (cut > from && cut < wire.length) {
                    s.feed(Arrays.copyOfRange(wire, from, cut), 0, cut - from);
                    from = cut;
                }
            }
            s.feed(Arrays.copyOfRange(wire, from, wire.length), 0, wire.length - from);
            InspectionResult r = s.finish();
            return new Rewrite(out.toByteArray(), r, s.outputEncoding(), s.outputComplete());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codings")
    void anEncodedBodyLeavesDecodedAndRedacted(String coding, UnaryOperator<byte[]> encode) throws IOException {
        byte[] plain = cardReply();
        byte[] expected = rewrite(inspector, null, plain, new int[0]).body();
        byte[] wire = encode.apply(plain);
        assertEquals(InspectionSession.IDENTITY, Inspector.rewrittenEncoding(coding));
        Random random = new Random(coding.hashCode() + wire.length);
        for (int i = 0; i <= CHUNKINGS; i++) {
            SessionRuns.Chunking c = i == 0 ? SessionRuns.Chunking.whole() : i == 1
                    ? SessionRuns.Chunking.at("every byte", RewritingSessionTest.everyByte(wire.length))
                    : SessionRuns.Chunking.random(random, wire.length);
            Rewrite r = rewrite(inspector, coding, wire, c.cuts());
            assertEquals(InspectionSession.IDENTITY, r.outputEncoding(), c.name());
            assertEquals(Outcome.COMPLETE, r.result().outcome(), c.name() + ": " + r.result().detail());
            assertEquals(1, r.result().redactedValues(), c.name());
            assertTrue(r.complete(), c.name());
            assertArrayEquals(expected, r.body(), coding + ", " + c.name());
        }
        assertEquals("**** **** **** 1111", stringField(expected, "card"));
        assertEquals("thanks", stringField(expected, "note"));
    }

    /** The value of the first string field named {@code name}, reading the whole document (so it must parse). */
    static String stringField(byte[] json, String name) throws IOException {
        String value = null;
        try (JsonParser p = JSON.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && value == null && p.currentName().equals(name)
                        && p.nextToken() == JsonToken.VALUE_STRING) {
                    value = p.getText();
                }
            }
        }
        return value;
    }

    @Test
    void aCodingThatCannotBeUndoneLeavesByteForByte() {
        byte[] plain = cardReply();
        // What a compress (LZW) body really holds does not matter: nothing can read it.
        byte[] wire = Encodings.gzip(plain);
        Random random = new Random(11);
        for (String coding : new String[] {"compress", "gzip, compress", "compress, gzip", "gzip, gzip, gzip, gzip, gzip"}) {
            assertEquals(coding, Inspector.rewrittenEncoding(coding));
            for (int i = 0; i < 10; i++) {
                SessionRuns.Chunking c = i == 0 ? SessionRuns.Chunking.whole() : SessionRuns.Chunking.random(random,
                        wire.length);
                Rewrite r = rewrite(inspector, coding, wire, c.cuts());
                assertEquals(coding, r.outputEncoding(), c.name());
                assertEquals(Outcome.UNSUPPORTED_ENCODING, r.result().outcome(), c.name());
                assertEquals(0, r.result().redactedValues(), c.name());
                assertTrue(r.complete(), c.name());
                assertArrayEquals(wire, r.body(), coding + ", " + c.name());
            }
        }
    }

    @Test
    void identityIsNoEncodingAtAll() {
        byte[] plain = cardReply();
        Rewrite r = rewrite(inspector, "identity", plain, new int[] {100, 3000});
        assertEquals("identity", r.outputEncoding());
        assertEquals(1, r.result().redactedValues());
        assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("4111 1111 1111 1111"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codings")
    void aCorruptStreamEndsInADecodingOutcome(String coding, UnaryOperator<byte[]> encode) {
        byte[] wire = encode.apply(cardReply());
        byte[] cut = Arrays.copyOf(wire, wire.length / 2);
        Rewrite r = rewrite(inspector, coding, cut, new int[] {cut.length / 3});
        assertTrue(r.result().outcome() == Outcome.TRUNCATED || r.result().outcome() == Outcome.DECODING_ERROR,
                r.result().outcome() + " " + r.result().detail());
        assertFalse(r.complete(), "the output lacks what could not be decoded");
        assertFalse(new String(r.body(), StandardCharsets.ISO_8859_1).contains("4111 1111 1111 1111"));
    }
}
