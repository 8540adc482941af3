package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Option;
import dev.sluice.inspector.decode.Encodings;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * {@code application/grpc-web-text}: grpc-web's frames as base64 text, each frame encoded on its
 * own (padded), as browsers' grpc-web clients ask for by default. The session reads the decoded
 * frames (findings say their offsets are decoded ones), any chunking of the text giving the same
 * findings; a rewriting session writes base64 text again, each frame's text where the text
 * read had one (so an unchanged body leaves byte for byte), the masked message in its frame
 * and the trailer frame as it came.
 */
class GrpcWebTextTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String MASKED = "**** **** **** 1111";
    private static final String TYPE = "application/grpc-web-text+proto";
    private static final Inspector inspector = BuiltinEngine.inspector();

    private static byte[] message(String text) {
        return Encodings.grpcFrame(0, Option.newBuilder().setName(text).build().toByteArray());
    }

    private static final byte[] TRAILERS = Encodings.grpcFrame(0x80, "grpc-status:0\r\ngrpc-message:OK\r\n"
            .getBytes(StandardCharsets.US_ASCII));

    /** Each frame base64-encoded on its own, as grpc-web-text servers write a stream. */
    private static byte[] text(byte[]... frames) {
        StringBuilder b = new StringBuilder();
        for (byte[] f : frames) {
            b.append(Base64.getEncoder().encodeToString(f));
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static BodySpec spec() {
        return BodySpec.builder(Direction.RESPONSE).contentType(TYPE)
                .protobuf(ProtobufSpec.of(Option.getDescriptor(), null)).build();
    }

    private static void feed(InspectionSession s, byte[] body, Random random, int maxChunk) {
        for (int at = 0; at < body.length; ) {
            int n = maxChunk <= 0 ? body.length : Math.min(body.length - at, 1 + random.nextInt(maxChunk));
            s.feed(Arrays.copyOfRange(body, at, at + n), 0, n);
            at += n;
        }
    }

    @RepeatedTest(10)
    void aCardInABase64FrameIsFoundWhateverTheChunking(RepetitionInfo rep) {
        byte[] body = text(message("hello"), message("pay with " + CARD), TRAILERS);
        InspectionResult whole;
        try (InspectionSession s = inspector.open(spec())) {
            feed(s, body, null, 0);
            whole = s.finish();
        }
        Finding card = whole.findings().stream().filter(f -> f.id().equals("credit_card")).findFirst().orElseThrow();
        assertEquals("name", card.path(), whole.findings().toString());
        assertTrue(card.decodedOffsets(), "offsets are into the decoded frames, not the text");
        assertEquals(Outcome.COMPLETE, whole.outcome(), whole.detail());
        Random random = new Random(rep.getCurrentRepetition());
        try (InspectionSession s = inspector.open(spec())) {
            feed(s, body, random, rep.getCurrentRepetition() == 1 ? 1 : 1 + random.nextInt(30));
            assertEquals(whole.findings(), s.finish().findings());
        }
    }

    @RepeatedTest(10)
    void aRewrittenBodyIsBase64AgainWithTheCardMaskedAndTheTrailersKept(RepetitionInfo rep)
            throws InvalidProtocolBufferException {
        byte[] clean = message("hello");
        byte[] body = text(clean, message("pay with " + CARD), TRAILERS);
        Random random = new Random(rep.getCurrentRepetition());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InspectionResult result;
        try (InspectionSession s = inspector.openRewriting(spec(), EncodedRewritingTest.CARDS, out::write)) {
            assertEquals(null, s.outputEncoding(), "the text is its own representation: no Content-Encoding");
            feed(s, body, random, rep.getCurrentRepetition() == 1 ? 1 : 1 + random.nextInt(30));
            result = s.finish();
        }
        assertEquals(1, result.redactedValues());
        byte[] masked = message("pay with " + MASKED);
        assertEquals(new String(text(clean, masked, TRAILERS), StandardCharsets.US_ASCII),
                out.toString(StandardCharsets.US_ASCII), "each frame its own base64 text again, the card masked");
        assertEquals("pay with " + MASKED, Option.parseFrom(Arrays.copyOfRange(masked, 5, masked.length)).getName());
    }

    @Test
    void aBodyWithoutFindingsLeavesAsTheSameBytes() {
        byte[] body = text(message("nothing here"), message("nor here, in a longer frame"), TRAILERS);
        for (int seed = 0; seed < 5; seed++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InspectionSession s = inspector.openRewriting(spec(), EncodedRewritingTest.CARDS, out::write)) {
                feed(s, body, new Random(seed), seed == 0 ? 1 : 5);
                assertTrue(s.finish().findings().isEmpty());
            }
            assertArrayEquals(body, out.toByteArray(), "seed " + seed);
        }
    }

    @Test
    void schemalessTheCardIsFoundToo() {
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/grpc-web-text").build();
        try (InspectionSession s = inspector.open(spec)) {
            byte[] body = text(message(CARD));
            s.feed(body, 0, body.length);
            List<Finding> found = s.finish().findings();
            assertEquals(List.of("credit_card"), found.stream().map(Finding::id).toList());
            assertEquals("1", found.getFirst().path());
        }
    }
}
