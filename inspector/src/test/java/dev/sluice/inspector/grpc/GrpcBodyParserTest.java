package dev.sluice.inspector.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gRPC and protobuf bodies through a real {@link InspectionSession}: findings with field paths,
 * the walk mode and wire offsets through frame headers, under any chunking; and the bad input of
 * issue 3 (truncated frames, a 4 GB length prefix, invalid varints, wrong wire types, groups,
 * recursion bombs, compressed messages without or with an unknown encoding), each ending in a
 * defined outcome with the rest of the body still scanned.
 */
class GrpcBodyParserTest {
    static final String TOKEN = "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";
    static final String CARD = "4111111111111111";
    private static MatchEngine engine;
    private static Inspector inspector;
    private static Descriptor payment;

    @BeforeAll
    static void setUp() throws DescriptorValidationException {
        engine = MatchEngine.builtin();
        inspector = new Inspector(engine, InspectionLimits.builder().maxMessageBytes(1 << 16).build());
        // message Card { string number = 1; string holder = 2; }  message Payment { Card card = 1; string note = 2; Payment next = 3; }
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("t.proto").setPackage("t")
                .addMessageType(DescriptorProto.newBuilder().setName("Card")
                        .addField(field("number", 1, FieldDescriptorProto.Type.TYPE_STRING, null))
                        .addField(field("holder", 2, FieldDescriptorProto.Type.TYPE_STRING, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("Payment")
                        .addField(field("card", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, ".t.Card"))
                        .addField(field("note", 2, FieldDescriptorProto.Type.TYPE_STRING, null))
                        .addField(field("next", 3, FieldDescriptorProto.Type.TYPE_MESSAGE, ".t.Payment")))
                .build();
        payment = FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Payment");
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type, String typeName) {
        FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        if (typeName != null) {
            b.setTypeName(typeName);
        }
        return b.build();
    }

    // ------------------------------------------------------------------ wire helpers

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    /** A length-delimited field. */
    static byte[] ld(int number, byte[] payload) {
        return concat(varint((long) number << 3 | 2), varint(payload.length), payload);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] frame(boolean compressed, byte[] message) {
        int n = message.length;
        return concat(new byte[] {(byte) (compressed ? 1 : 0), (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8),
                (byte) n}, message);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] zlib(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    static byte[] paymentMessage(String number, String note) {
        return concat(ld(1, concat(ld(1, utf8(number)), ld(2, utf8("Jane Roe")))), ld(2, utf8(note)));
    }

    private static InspectionResult inspect(BodySpec spec, byte[] body, int chunk) {
        try (InspectionSession s = inspector.open(spec)) {
            for (int off = 0; off < body.length; off += chunk) {
                s.feed(body, off, Math.min(chunk, body.length - off));
            }
            return s.finish();
        }
    }

    private static BodySpec grpc(Descriptor type) {
        return BodySpec.builder(Direction.RESPONSE).contentType("application/grpc")
                .protobuf(type == null ? ProtobufSpec.schemaless() : ProtobufSpec.of(type, null)).build();
    }

    private static Finding only(InspectionResult r, String id) {
        List<Finding> f = r.findings().stream().filter(x -> x.id().equals(id)).toList();
        assertEquals(1, f.size(), id + " in " + r.findings());
        return f.getFirst();
    }

    private static void assertSpan(Finding f, byte[] body, String value) {
        assertEquals(value, new String(body, (int) f.start(), (int) (f.end() - f.start()), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ behaviour

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 64, 1 << 16})
    void schemaFindingsCarryFieldPathsKeysAndWireOffsetsUnderAnyChunking(int chunk) {
        byte[] body = concat(frame(false, paymentMessage("0000", "ok")), frame(false, paymentMessage(CARD, TOKEN)));
        InspectionResult r = inspect(grpc(payment), body, chunk);
        assertEquals(Outcome.COMPLETE, r.outcome());
        Finding card = only(r, "credit_card");
        assertSpan(card, body, CARD);
        assertEquals("card.number", card.path());
        assertEquals("number", card.key());
        assertEquals("schema", card.origin());
        Finding token = only(r, "github_token");
        assertSpan(token, body, TOKEN);
        assertEquals("note", token.path());
    }

    @Test
    void withoutASchemaPathsAreFieldNumbers() {
        byte[] body = frame(false, paymentMessage(CARD, TOKEN));
        InspectionResult r = inspect(grpc(null), body, 5);
        Finding token = only(r, "github_token");
        assertSpan(token, body, TOKEN);
        assertEquals("2", token.path());
        assertEquals("schemaless", token.origin());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 1 << 16})
    void aStringsPercentEscapesAndReferencesAreDecodedOverTheirWireBytes(int chunk) {
        String link = "https://app.example/cb?email=jane.roe%40corp.io&n=1";
        String html = "<p>Mail john.doe&#64;corp.io today</p>";
        byte[] body = frame(false, paymentMessage("1", link));
        byte[] second = frame(false, paymentMessage("2", html));
        byte[] both = concat(body, second);
        for (BodySpec spec : List.of(grpc(payment), grpc(null))) {
            InspectionResult r = inspect(spec, both, chunk);
            List<Finding> emails = r.findings().stream().filter(f -> f.id().equals("email")).toList();
            assertEquals(2, emails.size(), r.findings().toString());
            assertSpan(emails.get(0), both, "jane.roe%40corp.io");
            assertSpan(emails.get(1), both, "john.doe&#64;corp.io");
        }
    }

    @Test
    void aRawProtobufBodyIsOneMessage() {
        byte[] body = paymentMessage(CARD, TOKEN);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/x-protobuf")
                .protobuf(ProtobufSpec.of(payment, null)).build();
        assertSpan(only(inspect(spec, body, 2), "credit_card"), body, CARD);
        BodySpec octets = BodySpec.builder(Direction.RESPONSE).contentType("application/octet-stream")
                .protobuf(ProtobufSpec.of(payment, null)).build();
        assertEquals("card.number", only(inspect(octets, body, 4), "credit_card").path());
    }

    @Test
    void aGzipCompressedMessageIsReadAndItsFindingsSpanTheFrame() throws IOException {
        byte[] framed = frame(true, gzip(paymentMessage(CARD, "fine")));
        byte[] body = concat(frame(false, paymentMessage("1", "x")), framed);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/grpc")
                .protobuf(ProtobufSpec.of(payment, null).withGrpcEncoding("gzip")).build();
        InspectionResult r = inspect(spec, body, 9);
        Finding card = only(r, "credit_card");
        assertEquals(body.length - framed.length, card.start());
        assertEquals(body.length, card.end());
        assertEquals("card.number", card.path());
    }

    /**
     * A string of base64 of JSON is read as the document: a finding inside carries the string's
     * path continued by the document's, the walk's mode, and the whole string's wire bytes, with
     * a schema or without, in any chunking.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 1 << 16})
    void aStringOfBase64IsReadAsWhatItHolds(int chunk) {
        String note = Base64.getEncoder().encodeToString(utf8("{\"card\":\"" + CARD + "\",\"ci\":\"" + TOKEN + "\"}"));
        byte[] body = concat(frame(false, paymentMessage("1", "plain")), frame(false, paymentMessage("2", note)));
        for (Descriptor type : java.util.Arrays.asList(payment, null)) {
            InspectionResult r = inspect(grpc(type), body, chunk);
            assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
            Finding card = only(r, "credit_card");
            assertSpan(card, body, note);
            assertEquals(type == null ? "2.card" : "note.card", card.path());
            assertEquals(type == null ? "schemaless" : "schema", card.origin());
            assertSpan(only(r, "github_token"), body, note);
        }
    }

    /** A bytes value that is a gzip member or a zlib stream is read as the text it inflates to. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aGzipOrZlibStreamInABytesValueIsReadAsItsText(boolean gzip) throws IOException {
        byte[] text = utf8("{\"events\":[{\"msg\":\"login\",\"card\":\"" + CARD + "\"}]}");
        byte[] blob = gzip ? gzip(text) : zlib(text);
        byte[] message = concat(ld(2, utf8("fine")), ld(4, blob));
        byte[] body = frame(false, message);
        InspectionResult r = inspect(grpc(null), body, 3);
        Finding card = only(r, "credit_card");
        assertEquals(body.length - blob.length, card.start());
        assertEquals(body.length, card.end());
        assertEquals("4.events[0].card", card.path());
        assertEquals("schemaless", card.origin());
    }

    /**
     * A gzip bomb in a bytes field is inflated only to its bound (16 times its compressed bytes):
     * a card at its start is found, one past the bound is not, and nothing is held beyond it.
     */
    @Test
    void aGzipBombInABytesValueIsInflatedOnlyToItsBound() throws IOException {
        byte[] text = concat(utf8(CARD + " "), new byte[3_000_000], utf8(" " + CARD));
        for (int i = CARD.length() + 1; i < text.length - CARD.length() - 1; i++) {
            text[i] = ' ';
        }
        byte[] blob = gzip(text);
        assertTrue(blob.length * 16L < 1_000_000, "a bomb: " + blob.length + " compressed bytes");
        InspectionResult r = inspect(grpc(null), frame(false, ld(4, blob)), 1 << 16);
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        assertEquals(1, r.findings().size(), r.findings().toString());
    }

    /** Bytes that only open like a gzip member or a zlib stream are scanned as bytes, nothing more. */
    @RepeatedTest(20)
    void bytesThatOnlyLookCompressedAreScannedAsBytes(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        byte[] blob = new byte[3 + random.nextInt(2000)];
        random.nextBytes(blob);
        boolean gzip = random.nextBoolean();
        blob[0] = (byte) (gzip ? 0x1f : 0x78);
        blob[1] = (byte) (gzip ? 0x8b : 0x9c);
        blob[2] = gzip ? (byte) 8 : blob[2];
        InspectionResult r = inspect(grpc(null), frame(false, concat(ld(4, blob), ld(2, utf8(TOKEN)))), 7);
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        assertEquals("2", only(r, "github_token").path());
    }

    @Test
    void aTruncatedFrameIsTruncatedAndWhatArrivedIsStillScanned() {
        byte[] whole = frame(false, paymentMessage(CARD, TOKEN));
        byte[] body = java.util.Arrays.copyOf(whole, whole.length - 3);
        InspectionResult r = inspect(grpc(payment), body, 11);
        assertEquals(Outcome.TRUNCATED, r.outcome());
        assertSpan(only(r, "credit_card"), body, CARD);
    }

    @Test
    void aFourGigabyteLengthPrefixIsASizeLimitNotAnAllocation() {
        byte[] body = concat(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, utf8("token " + TOKEN));
        InspectionResult r = inspect(grpc(payment), body, 3);
        assertEquals(Outcome.MESSAGE_SIZE_LIMIT, r.outcome());
        assertSpan(only(r, "github_token"), body, TOKEN);
    }

    @Test
    void invalidVarintsAndWireTypesAreParseErrorsAndTheBytesAreScannedRaw() {
        // A note field, then a tag whose varint never ends, then the secret.
        byte[] message = concat(ld(2, utf8("hello")), new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                utf8(" " + TOKEN + " "));
        byte[] body = frame(false, message);
        InspectionResult r = inspect(grpc(payment), body, 4);
        assertEquals(Outcome.PARSE_ERROR, r.outcome());
        assertSpan(only(r, "github_token"), body, TOKEN);

        byte[] wrongType = frame(false, concat(new byte[] {(byte) (2 << 3 | 7)}, utf8(" " + TOKEN + " ")));
        InspectionResult w = inspect(grpc(payment), wrongType, 4);
        assertEquals(Outcome.PARSE_ERROR, w.outcome());
        assertSpan(only(w, "github_token"), wrongType, TOKEN);
    }

    @Test
    void groupsAreWalkedOrScannedNeverThrown() {
        // field 5 as a group (start 5<<3|3, end 5<<3|4) holding a string field, then the note.
        byte[] message = concat(new byte[] {(byte) (5 << 3 | 3)}, ld(1, utf8(TOKEN)), new byte[] {(byte) (5 << 3 | 4)},
                ld(2, utf8("ok")));
        byte[] body = frame(false, message);
        InspectionResult r = inspect(grpc(payment), body, 6);
        assertSpan(only(r, "github_token"), body, TOKEN);
    }

    @Test
    void aRecursionBombStopsAtTheDepthLimitAndTheSecretBelowIsStillFound() {
        byte[] inner = ld(2, utf8(TOKEN));
        for (int i = 0; i < 2000; i++) {
            inner = ld(3, inner);
        }
        byte[] body = frame(false, inner);
        InspectionResult r = inspect(grpc(payment), body, 1 << 12);
        assertEquals(Outcome.DEPTH_LIMIT, r.outcome());
        assertSpan(only(r, "github_token"), body, TOKEN);
    }

    @Test
    void aCompressedFlagWithoutAnEncodingOrWithAnUnknownOneIsAnOutcome() throws IOException {
        byte[] body = frame(true, gzip(paymentMessage(CARD, TOKEN)));
        assertEquals(Outcome.UNSUPPORTED_ENCODING, inspect(grpc(payment), body, 5).outcome());
        BodySpec snappy = BodySpec.builder(Direction.RESPONSE).contentType("application/grpc")
                .protobuf(ProtobufSpec.of(payment, null).withGrpcEncoding("snappy")).build();
        assertEquals(Outcome.UNSUPPORTED_ENCODING, inspect(snappy, body, 5).outcome());
        byte[] plain = frame(true, paymentMessage(CARD, TOKEN));
        InspectionResult r = inspect(grpc(payment), plain, 5);
        assertEquals(Outcome.UNSUPPORTED_ENCODING, r.outcome());
        assertTrue(r.findings().stream().anyMatch(f -> f.id().equals("github_token")), "raw scan of the frame");
    }
}
