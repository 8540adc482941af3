package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * CBOR and MessagePack bodies through a whole session, written by independent encoders
 * (Jackson's CBOR generator, msgpack-core): strings and integers are found under their map keys
 * at their wire bytes for any chunking, a rewriting session masks a string in place and leaves
 * the document valid, and broken input ends in an outcome, never an exception.
 */
class BinaryDocumentInspectionTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String EMAIL = "jane.doe@mail.net";
    private static final String PASSWORD = "Tr0ub4dor-horse-71";
    private static final String CARD = "4111 1111 1111 1111";
    private static final long CARD_NUMBER = 4111111111111111L;

    /** {@code {"user": {"email", "password", "card", "cards": [card], "account": card as an integer, "id", "score"}}}. */
    private static byte[] cbor() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeFieldName("user");
                g.writeStartObject(); // indefinite length, as Jackson writes an object of unknown size
                g.writeStringField("email", EMAIL);
                g.writeStringField("password", PASSWORD);
                g.writeStringField("card", CARD);
                g.writeFieldName("cards");
                g.writeStartArray(1);
                g.writeString("5500 0000 0000 0004");
                g.writeEndArray();
                g.writeNumberField("account", CARD_NUMBER);
                g.writeNumberField("id", 1_700_000_000L);
                g.writeNumberField("score", 0.75);
                g.writeEndObject();
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] messagePack() {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(1).packString("user").packMapHeader(7);
            p.packString("email").packString(EMAIL);
            p.packString("password").packString(PASSWORD);
            p.packString("card").packString(CARD);
            p.packString("cards").packArrayHeader(1).packString("5500 0000 0000 0004");
            p.packString("account").packLong(CARD_NUMBER);
            p.packString("id").packLong(1_700_000_000L);
            p.packString("score").packDouble(0.75);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> findings(String contentType, byte[] body) {
        List<String> whole = described(contentType, body, SessionRuns.Chunking.whole());
        Random rnd = new Random(0x5EED + body.length);
        for (int i = 0; i < 8; i++) {
            SessionRuns.Chunking cuts = SessionRuns.Chunking.random(rnd, body.length);
            assertEquals(whole, described(contentType, body, cuts), cuts.name());
        }
        return whole;
    }

    private static List<String> described(String contentType, byte[] body, SessionRuns.Chunking chunking) {
        InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, contentType, null, body, chunking);
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        return r.findings().stream().map(f -> f.id() + "@" + f.start() + "-" + f.end() + ":" + f.path()).sorted().toList();
    }

    /** {@code id@start-end:path} for a string value, found where its bytes stand in {@code body}. */
    private static String at(String id, byte[] body, String value, String path) {
        int start = SessionRuns.offsetOf(body, value.getBytes(StandardCharsets.UTF_8));
        return id + "@" + start + "-" + (start + value.length()) + ":" + path;
    }

    /** The findings both documents have: each under its key, the integer card over its header and argument. */
    private static List<String> expected(byte[] body, byte integerHeader) {
        byte[] integer = new byte[9];
        integer[0] = integerHeader;
        for (int i = 0; i < 8; i++) {
            integer[1 + i] = (byte) (CARD_NUMBER >>> (56 - 8 * i));
        }
        int n = SessionRuns.offsetOf(body, integer);
        List<String> out = new ArrayList<>(List.of(
                at("email", body, EMAIL, "$.user.email"),
                at("password_field", body, PASSWORD, "$.user.password"),
                at("credit_card", body, CARD, "$.user.card"),
                at("credit_card", body, "5500 0000 0000 0004", "$.user.cards[0]"),
                "credit_card@" + n + "-" + (n + 9) + ":$.user.account"));
        return out.stream().sorted().toList();
    }

    @Test
    void aCborDocumentsValuesAreFoundUnderTheirKeys() {
        byte[] body = cbor();
        assertEquals(expected(body, (byte) 0x1b), findings("application/cbor", body));
        assertEquals(expected(body, (byte) 0x1b), findings("application/senml+cbor", body));
    }

    @Test
    void aMessagePackDocumentsValuesAreFoundUnderTheirKeys() {
        byte[] body = messagePack();
        assertEquals(expected(body, (byte) 0xcf), findings("application/msgpack", body));
        assertEquals(expected(body, (byte) 0xcf), findings("application/x-msgpack", body));
    }

    @Test
    void aCborStringWrittenInChunksIsOneValue() {
        // {"note": (_ "card 4111 1111 ", "1111 1111 now")} with an indefinite-length text string.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xa1);
        b.write(0x64);
        b.writeBytes("note".getBytes(StandardCharsets.US_ASCII));
        b.write(0x7f);
        byte[] first = "card 4111 1111 ".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "1111 1111 now".getBytes(StandardCharsets.US_ASCII);
        b.write(0x60 + first.length);
        b.writeBytes(first);
        b.write(0x60 + second.length);
        b.writeBytes(second);
        b.write(0xff);
        byte[] body = b.toByteArray();
        int start = SessionRuns.offsetOf(body, "4111".getBytes(StandardCharsets.US_ASCII));
        int end = SessionRuns.offsetOf(body, "1111 1111 now".getBytes(StandardCharsets.US_ASCII)) + "1111 1111".length();
        assertEquals(List.of("credit_card@" + start + "-" + end + ":$.note"), findings("application/cbor", body));
    }

    @Test
    void aDocumentWithoutSensitiveValuesHasNoFindings() throws IOException {
        byte[] body = new ObjectMapper(new CBORFactory()).writeValueAsBytes(new ObjectMapper().readTree(
                "{\"id\":\"7f9c2a1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b\",\"created\":1700000000123,\"sha\":"
                        + "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\",\"ok\":true,\"n\":null,\"ratio\":1.5,"
                        + "\"tags\":[\"a\",\"b\"],\"counts\":{\"1\":2}}"));
        assertEquals(List.of(), findings("application/cbor", body));
    }

    @Test
    void aRewritingSessionMasksAStringInPlaceAndTheDocumentStaysValid() throws IOException {
        for (String type : new String[] {"application/cbor", "application/msgpack"}) {
            byte[] body = type.equals("application/cbor") ? cbor() : messagePack();
            BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(type).build();
            byte[] whole = RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body, new int[0]);
            byte[] byteByByte = RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body,
                    RewritingSessionTest.everyByte(body.length));
            assertArrayEquals(whole, byteByByte, type);
            assertEquals(body.length, whole.length, type);
            JsonNode user = (type.equals("application/cbor") ? new ObjectMapper(new CBORFactory()).readTree(whole)
                    : new ObjectMapper().readTree(MessagePack.newDefaultUnpacker(whole).unpackValue().toJson()))
                    .path("user");
            assertNotEquals(CARD, user.path("card").asText(), type);
            assertEquals(CARD.length(), user.path("card").asText().length(), type);
            assertTrue(user.path("card").asText().startsWith("[X]"), user.toString());
            assertNotEquals(EMAIL, user.path("email").asText(), type);
            // Integers are not values where a body is rewritten: a mask would break the header.
            assertEquals(CARD_NUMBER, user.path("account").asLong(), type);
        }
    }

    /**
     * {@code {"user": {"session": <session>, "note": "…"}}} in CBOR or MessagePack: the session a
     * text string (base64 of {@code {"card": …}}) or a byte string (gzip or zlib of it).
     */
    private static byte[] sessionDocument(String type, Object session) {
        try {
            if (type.equals("application/cbor")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
                    g.writeStartObject();
                    g.writeFieldName("user");
                    g.writeStartObject();
                    if (session instanceof byte[] blob) {
                        g.writeBinaryField("session", blob);
                    } else {
                        g.writeStringField("session", (String) session);
                    }
                    g.writeStringField("note", "thanks");
                    g.writeEndObject();
                    g.writeEndObject();
                }
                return out.toByteArray();
            }
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                p.packMapHeader(1).packString("user").packMapHeader(2);
                p.packString("session");
                if (session instanceof byte[] blob) {
                    p.packBinaryHeader(blob.length).writePayload(blob);
                } else {
                    p.packString((String) session);
                }
                p.packString("note").packString("thanks");
                return p.toByteArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A string of base64 of JSON is read as the document: the card inside is found under the
     * string's key continued by the document's, over the whole string, in any chunking; a
     * rewriting session replaces the string whole at its length, and the document stays valid.
     */
    @Test
    void aStringOfBase64IsReadAsWhatItHoldsAndReplacedWhole() throws IOException {
        String session = java.util.Base64.getEncoder().encodeToString(
                ("{\"id\":42,\"card\":\"" + CARD + "\"}").getBytes(StandardCharsets.UTF_8));
        for (String type : new String[] {"application/cbor", "application/msgpack"}) {
            byte[] body = sessionDocument(type, session);
            assertEquals(List.of(at("credit_card", body, session, "$.user.session.card")), findings(type, body), type);
            BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(type).build();
            byte[] whole = RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body, new int[0]);
            assertArrayEquals(whole, RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body,
                    RewritingSessionTest.everyByte(body.length)), type);
            assertEquals(body.length, whole.length, type);
            JsonNode user = (type.equals("application/cbor") ? new ObjectMapper(new CBORFactory()).readTree(whole)
                    : new ObjectMapper().readTree(MessagePack.newDefaultUnpacker(whole).unpackValue().toJson()))
                    .path("user");
            String replaced = user.path("session").asText();
            assertTrue(replaced.startsWith("[X]") && replaced.endsWith("*"), replaced);
            assertEquals(session.length(), replaced.length(), type);
            assertEquals("thanks", user.path("note").asText(), type);
        }
    }

    private static byte[] compressed(boolean gzip, byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = gzip ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads a rewritten CBOR or MessagePack document back: it must still parse, its note untouched. */
    private static void assertStillValid(String type, byte[] whole) throws IOException {
        JsonNode user = (type.equals("application/cbor") ? new ObjectMapper(new CBORFactory()).readTree(whole)
                : new ObjectMapper().readTree(MessagePack.newDefaultUnpacker(whole).unpackValue().toJson())).path("user");
        assertEquals("thanks", user.path("note").asText(), type);
    }

    /**
     * A byte string that is a gzip member or a zlib stream of JSON (a cached payload) is read as
     * the document it inflates to: the card inside is found under the string's key continued by
     * the document's, over the whole string, in any chunking; a rewriting session, fed whole or
     * a byte at a time, replaces the string whole at its length and the document stays valid.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aByteStringOfCompressedTextIsReadAsWhatItHoldsAndReplacedWhole(boolean gzip) throws IOException {
        byte[] blob = compressed(gzip, ("{\"id\":42,\"card\":\"" + CARD + "\",\"note\":\"a cached order\"}")
                .getBytes(StandardCharsets.UTF_8));
        for (String type : new String[] {"application/cbor", "application/msgpack"}) {
            byte[] body = sessionDocument(type, blob);
            int start = SessionRuns.offsetOf(body, blob);
            assertEquals(List.of("credit_card@" + start + "-" + (start + blob.length) + ":$.user.session.card"),
                    findings(type, body), type);
            BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(type).build();
            byte[] whole = RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body, new int[0]);
            assertArrayEquals(whole, RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body,
                    RewritingSessionTest.everyByte(body.length)), type);
            assertEquals(body.length, whole.length, type);
            assertStillValid(type, whole);
            String replaced = new String(whole, start, blob.length, StandardCharsets.ISO_8859_1);
            assertTrue(replaced.startsWith("[X]") && replaced.endsWith("*"), replaced);
            assertArrayEquals(java.util.Arrays.copyOf(body, start), java.util.Arrays.copyOf(whole, start), type);
        }
    }

    /**
     * What is not read: a byte string that opens like a gzip member but is damaged, one that
     * inflates to binary, one whose compressed bytes pass the bound of what is kept, and a bomb
     * (inflated only to its bound, so the card at its end is never reached). No exception, the
     * document complete, its other values read, and the strings pass through a rewriting as they
     * were.
     */
    @Test
    void compressedByteStringsPastTheBoundsOrDamagedAreNotRead() throws IOException {
        byte[] damaged = compressed(true, ("{\"card\":\"" + CARD + "\"}").getBytes(StandardCharsets.UTF_8));
        java.util.Arrays.fill(damaged, 10, damaged.length, (byte) 0x55);
        Random rnd = new Random(42);
        byte[] binary = new byte[2048];
        rnd.nextBytes(binary);
        StringBuilder noise = new StringBuilder("{\"card\":\"" + CARD + "\",\"pad\":\"");
        while (noise.length() < 60_000) {
            noise.append(Long.toString(rnd.nextLong(), 36));
        }
        byte[] large = compressed(true, noise.append("\"}").toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(large.length > 32 * 1024, "the test's compressed text should pass the bound: " + large.length);
        byte[] bomb = compressed(false, (" ".repeat(4_000_000) + CARD).getBytes(StandardCharsets.UTF_8));
        for (byte[] blob : new byte[][] {damaged, compressed(true, binary), large, bomb}) {
            for (String type : new String[] {"application/cbor", "application/msgpack"}) {
                byte[] body = sessionDocument(type, blob);
                assertEquals(List.of(), findings(type, body), type + " " + blob.length);
                BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(type).build();
                byte[] whole = RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body, new int[0]);
                assertArrayEquals(body, whole, type + " " + blob.length);
            }
        }
    }

    @Test
    void brokenDocumentsEndInAnOutcomeAndTheRestIsReadAsText() {
        byte[] text = (" mail " + EMAIL + " ").getBytes(StandardCharsets.US_ASCII);
        // MessagePack never uses 0xc1; CBOR reserves additional information 28.
        for (Object[] c : new Object[][] {{"application/msgpack", (byte) 0xc1}, {"application/cbor", (byte) 0x1c}}) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write("application/cbor".equals(c[0]) ? 0xa1 : 0x81); // a map of one pair
            b.write((byte) c[1]);
            b.writeBytes(text);
            byte[] body = b.toByteArray();
            InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, (String) c[0], null, body,
                    SessionRuns.Chunking.whole());
            assertEquals(Outcome.PARSE_ERROR, r.outcome(), c[0] + " " + r.detail());
            assertEquals(1, SessionRuns.findingsOf(r, "email").size(), r.findings().toString());
        }
        byte[] cut = java.util.Arrays.copyOf(cbor(), 30);
        assertEquals(Outcome.TRUNCATED, SessionRuns.inspect(inspector, Direction.RESPONSE, "application/cbor", null, cut,
                SessionRuns.Chunking.whole()).outcome());
    }

    @Test
    void lengthsPastAnyBodyEndInsideTheItem() {
        HexFormat hex = HexFormat.of();
        // CBOR: a text string, a map and a byte string of 2^64 - 1; MessagePack: str 32 of 2^32 - 1.
        for (String[] c : new String[][] {{"application/cbor", "7bffffffffffffffff"}, {"application/cbor", "bbffffffffffffffff"},
                {"application/cbor", "a161615bffffffffffffffff"}, {"application/msgpack", "dbffffffff"}}) {
            byte[] body = java.util.Arrays.copyOf(hex.parseHex(c[1]), hex.parseHex(c[1]).length + 64);
            java.util.Arrays.fill(body, hex.parseHex(c[1]).length, body.length, (byte) 'a');
            InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, c[0], null, body,
                    SessionRuns.Chunking.whole());
            assertEquals(Outcome.TRUNCATED, r.outcome(), c[1] + " " + r.detail());
        }
    }

    @Test
    void nestingPastTheDepthLimitIsALimitOutcome() {
        byte[] deep = new byte[100_000];
        java.util.Arrays.fill(deep, (byte) 0x81); // CBOR: an array of one array of one array ...
        InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, "application/cbor", null, deep,
                SessionRuns.Chunking.whole());
        assertEquals(Outcome.DEPTH_LIMIT, r.outcome(), r.detail());
    }

    /** Seeded mutations of a valid document: any outcome, any findings, never an exception or a hang. */
    @RepeatedTest(200)
    void mutatedDocumentsNeverBreakASession(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition() * 7919L);
        boolean cbor = rnd.nextBoolean();
        byte[] body = cbor ? cbor() : messagePack();
        for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
            body[rnd.nextInt(body.length)] = (byte) rnd.nextInt(256);
        }
        String type = cbor ? "application/cbor" : "application/msgpack";
        SessionRuns.inspect(inspector, Direction.RESPONSE, type, null, body, SessionRuns.Chunking.random(rnd, body.length));
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(type).build();
        byte[] out = RewritingSessionTest.rewrite(inspector, spec, RewritingSessionTest.ALL, body, new int[] {body.length / 2});
        assertEquals(body.length, out.length, "a rewriting keeps every length");
    }
}
