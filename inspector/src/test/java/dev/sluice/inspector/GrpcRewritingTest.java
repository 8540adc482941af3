package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sluice.inspector.decode.Encodings;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Rewriting gRPC bodies: a message with an edit is re-sent whole and uncompressed (flag 0, new
 * length) even when it came compressed, and parses as its type; a message without one leaves
 * byte for byte as it came, compressed or not; any chunking gives the same bytes. A message
 * longer than maxHeldBytes cannot be held: it leaves at its own length (HELD_BYTES_LIMIT; only a
 * value still held is replaced, in place), never re-sent whole, and the messages after it are
 * redacted as usual.
 */
class GrpcRewritingTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String MASKED = "**** **** **** 1111";
    private static final Descriptor PAYMENT = paymentType();
    private static final Descriptor INNER = PAYMENT.findFieldByName("inner").getMessageType();
    private static final Inspector inspector = BuiltinEngine.inspector();

    /** {@code Payment {string owner = 1; string card = 2; Inner inner = 3; repeated string notes = 4;}}, {@code Inner {string card = 1; bytes blob = 2;}} */
    private static Descriptor paymentType() {
        DescriptorProto inner = DescriptorProto.newBuilder().setName("Inner")
                .addField(field("card", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("blob", 2, FieldDescriptorProto.Type.TYPE_BYTES)).build();
        DescriptorProto payment = DescriptorProto.newBuilder().setName("Payment")
                .addField(field("owner", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("card", 2, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("inner", 3, FieldDescriptorProto.Type.TYPE_MESSAGE).toBuilder().setTypeName(".t.Inner"))
                .addField(field("notes", 4, FieldDescriptorProto.Type.TYPE_STRING).toBuilder()
                        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("t.proto").setPackage("t").setSyntax("proto3")
                .addMessageType(inner).addMessageType(payment).build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Payment");
        } catch (DescriptorValidationException e) {
            throw new AssertionError(e);
        }
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
    }

    private static DynamicMessage payment(String owner, String card, String innerCard, String... notes) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(PAYMENT)
                .setField(PAYMENT.findFieldByName("owner"), owner)
                .setField(PAYMENT.findFieldByName("card"), card);
        if (innerCard != null) {
            b.setField(PAYMENT.findFieldByName("inner"), DynamicMessage.newBuilder(INNER)
                    .setField(INNER.findFieldByName("card"), innerCard)
                    .setField(INNER.findFieldByName("blob"), ByteString.copyFromUtf8("opaque bytes")).build());
        }
        for (String n : notes) {
            b.addRepeatedField(PAYMENT.findFieldByName("notes"), n);
        }
        return b.build();
    }

    private static byte[] frame(byte[] message, boolean compress) {
        return Encodings.grpcFrame(compress ? 1 : 0, compress ? Encodings.gzip(message) : message);
    }

    private record Frame(int flag, byte[] payload, int start, int end) {
    }

    /** The frames of {@code body}; fails unless they tile it exactly. */
    private static List<Frame> frames(byte[] body) {
        List<Frame> out = new ArrayList<>();
        int at = 0;
        while (at < body.length) {
            assertTrue(at + 5 <= body.length, "a frame header runs past the body at " + at);
            int len = (body[at + 1] & 0xFF) << 24 | (body[at + 2] & 0xFF) << 16 | (body[at + 3] & 0xFF) << 8
                    | body[at + 4] & 0xFF;
            assertTrue(at + 5 + len <= body.length, "the frame at " + at + " runs past the body");
            out.add(new Frame(body[at], Arrays.copyOfRange(body, at + 5, at + 5 + len), at, at + 5 + len));
            at += 5 + len;
        }
        return out;
    }

    private record Run(byte[] out, InspectionResult result, long mostHeld) {
    }

    private static Run rewrite(Inspector inspector, byte[] body, Random random, int maxChunk) {
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/grpc")
                .protobuf(ProtobufSpec.of(PAYMENT, null).withGrpcEncoding("gzip")).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long mostHeld = 0;
        try (InspectionSession s = inspector.openRewriting(spec, EncodedRewritingTest.CARDS, out::write)) {
            for (int at = 0; at < body.length; ) {
                int n = maxChunk <= 0 ? body.length : Math.min(body.length - at, 1 + random.nextInt(maxChunk));
                s.feed(Arrays.copyOfRange(body, at, at + n), 0, n);
                at += n;
                mostHeld = Math.max(mostHeld, at - out.size());
            }
            return new Run(out.toByteArray(), s.finish(), mostHeld);
        }
    }

    @RepeatedTest(20)
    void aCompressedMessageWithACardIsResentUncompressed(RepetitionInfo rep) throws InvalidProtocolBufferException {
        DynamicMessage clean = payment("Alice", "none on file", null, "first note");
        DynamicMessage carded = payment("Bob", CARD, CARD, "pay with " + CARD + " please");
        byte[] cleanFrame = frame(clean.toByteArray(), false);
        byte[] cleanCompressed = frame(clean.toByteArray(), true);
        byte[] body = Encodings.concat(cleanFrame, frame(carded.toByteArray(), true), cleanCompressed);
        Random random = new Random(rep.getCurrentRepetition());
        // One byte per chunk, then random chunk sizes.
        Run r = rewrite(inspector, body, random, rep.getCurrentRepetition() == 1 ? 1 : 1 + random.nextInt(40));
        assertEquals(Outcome.COMPLETE, r.result().outcome(), r.result().detail());
        assertEquals(3, r.result().redactedValues());
        List<Frame> frames = frames(r.out());
        assertEquals(3, frames.size());
        assertArrayEquals(cleanFrame, Arrays.copyOfRange(r.out(), frames.get(0).start(), frames.get(0).end()),
                "an uncompressed message without findings is byte-identical");
        assertArrayEquals(cleanCompressed, Arrays.copyOfRange(r.out(), frames.get(2).start(), frames.get(2).end()),
                "a compressed message without findings stays compressed and byte-identical");
        Frame edited = frames.get(1);
        assertEquals(0, edited.flag(), "an edited message is sent uncompressed");
        DynamicMessage parsed = DynamicMessage.parseFrom(PAYMENT, edited.payload());
        assertEquals(payment("Bob", MASKED, MASKED, "pay with " + MASKED + " please"), parsed);
    }

    @Test
    void aCardWrittenWithPercentEscapesInAStringIsMaskedOverItsWireBytes() throws InvalidProtocolBufferException {
        String link = "https://pay.example/charge?card=4111%201111%201111%201111&amount=12";
        byte[] body = frame(payment("Eve", "none", null, link).toByteArray(), false);
        for (int seed = 0; seed < 5; seed++) {
            Run r = rewrite(inspector, body, new Random(seed), seed == 0 ? 1 : 16);
            assertEquals(1, r.result().redactedValues(), r.result().findings().toString());
            DynamicMessage parsed = DynamicMessage.parseFrom(PAYMENT, frames(r.out()).getFirst().payload());
            String note = (String) parsed.getRepeatedField(PAYMENT.findFieldByName("notes"), 0);
            assertEquals("https://pay.example/charge?card=" + MASKED + "&amount=12", note, "seed " + seed);
            assertEquals("Eve", parsed.getField(PAYMENT.findFieldByName("owner")));
        }
    }

    /**
     * A card in base64 of JSON in a string, in base64 of text among repeated strings, and in a gzip
     * stream in a bytes field: each such value is replaced whole by the card's mask (no mask inside
     * base64 or a compressed stream leaves it readable), the values around and after them keep
     * their own places (the plain card after the base64 note is masked where it stands, not one
     * value off), and the message parses as its type, compressed or not, in any chunking.
     */
    @RepeatedTest(12)
    void aCardInBase64OrAGzipStreamReplacesItsValueWhole(RepetitionInfo rep) throws InvalidProtocolBufferException {
        Base64.Encoder b64 = Base64.getEncoder();
        String encodedJson = b64.encodeToString(("{\"holder\":\"Bob\",\"card\":\"" + CARD + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String encodedNote = b64.encodeToString(("charge card " + CARD + " at noon").getBytes(StandardCharsets.UTF_8));
        String cleanNote = b64.encodeToString("nothing to see in this note".getBytes(StandardCharsets.UTF_8));
        byte[] blob = Encodings.gzip(("{\"cards\":[\"" + CARD + "\"],\"owner\":\"Bob\"}").getBytes(StandardCharsets.UTF_8));
        DynamicMessage sent = payment("Bob", encodedJson, CARD, cleanNote, encodedNote, "paid with " + CARD)
                .toBuilder().setField(PAYMENT.findFieldByName("inner"), DynamicMessage.newBuilder(INNER)
                        .setField(INNER.findFieldByName("card"), "none")
                        .setField(INNER.findFieldByName("blob"), ByteString.copyFrom(blob)).build()).build();
        DynamicMessage expected = payment("Bob", MASKED, CARD, cleanNote, MASKED, "paid with " + MASKED)
                .toBuilder().setField(PAYMENT.findFieldByName("inner"), DynamicMessage.newBuilder(INNER)
                        .setField(INNER.findFieldByName("card"), "none")
                        .setField(INNER.findFieldByName("blob"), ByteString.copyFromUtf8(MASKED)).build()).build();
        boolean compress = rep.getCurrentRepetition() % 2 == 0;
        byte[] body = frame(sent.toByteArray(), compress);
        Random random = new Random(rep.getCurrentRepetition());
        Run r = rewrite(inspector, body, random, rep.getCurrentRepetition() <= 2 ? 1 : 1 + random.nextInt(64));
        assertEquals(Outcome.COMPLETE, r.result().outcome(), r.result().detail());
        assertEquals(4, r.result().redactedValues(), r.result().findings().toString());
        Frame edited = frames(r.out()).getFirst();
        assertEquals(0, edited.flag());
        assertEquals(expected, DynamicMessage.parseFrom(PAYMENT, edited.payload()));
        for (Finding f : r.result().findings()) {
            assertEquals("schema", f.origin(), f.toString());
        }
    }

    @Test
    void aMessageLongerThanTheHoldLimitLeavesAsItCameAndTheNextIsRedacted() {
        int maxHeld = 4096;
        Inspector small = BuiltinEngine.inspector(InspectionLimits.builder().maxHeldBytes(maxHeld).build());
        assertLeavesAsItCame(small, 5 * maxHeld, maxHeld, Outcome.HELD_BYTES_LIMIT, "maxHeldBytes");
    }

    /**
     * The same when the process's held memory has no room for the message (another exchange holds
     * it all): the frame decoder, first to ask, gives the message up, so it is read as raw bytes.
     */
    @Test
    void aMessageTheProcessHasNoRoomToHoldLeavesAsItCameAndTheNextIsRedacted() {
        HeldMemory full = HeldMemory.of(1 << 20);
        HeldMemory.Account other = full.account(new Object());
        assertTrue(other.holds(HeldMemory.UNCHARGED_BYTES + (1 << 20)));
        Inspector noRoom = BuiltinEngine.inspector(InspectionLimits.defaults(), full);
        assertLeavesAsItCame(noRoom, 5 * HeldMemory.UNCHARGED_BYTES, 2 * HeldMemory.UNCHARGED_BYTES + 512,
                Outcome.MESSAGE_SIZE_LIMIT, "held memory");
        assertEquals(1 << 20, full.charged(), "only the other exchange's charge stays");
    }

    /**
     * A small compressed frame can hold a large message: the decoded copy kept for its re-encoding
     * is charged to the process's held memory. Without room, it leaves as it came (compressed,
     * byte for byte) and the message after it is still redacted.
     */
    @Test
    void aCompressedMessageWhoseDecodedCopyHasNoRoomLeavesAsItCame() {
        HeldMemory memory = HeldMemory.of(1 << 20);
        HeldMemory.Account other = memory.account(new Object());
        assertTrue(other.holds(HeldMemory.UNCHARGED_BYTES + (1 << 20) - 100 * 1024));
        Inspector littleRoom = BuiltinEngine.inspector(InspectionLimits.defaults(), memory);
        byte[] big = frame(payment("Carol", "x".repeat(400_000) + " " + CARD, null).toByteArray(), true);
        byte[] next = frame(payment("Dan", CARD, null).toByteArray(), false);
        byte[] body = Encodings.concat(big, next);
        for (int seed = 0; seed < 5; seed++) {
            Run r = rewrite(littleRoom, body, new Random(seed), 512);
            assertEquals(Outcome.HELD_BYTES_LIMIT, r.result().outcome(), r.result().detail());
            assertTrue(r.result().detail().contains("held memory"), r.result().detail());
            List<Frame> frames = frames(r.out());
            assertEquals(2, frames.size());
            assertArrayEquals(big, Arrays.copyOfRange(r.out(), frames.get(0).start(), frames.get(0).end()),
                    "seed " + seed);
            assertArrayEquals(frame(payment("Dan", MASKED, null).toByteArray(), false),
                    Arrays.copyOfRange(r.out(), frames.get(1).start(), frames.get(1).end()), "seed " + seed);
        }
        assertEquals((1 << 20) - 100 * 1024, memory.charged(), "only the other exchange's charge stays");
    }

    /**
     * A message with {@code padding} bytes before its card, too long to hold, then a short one:
     * the first leaves at its own length (its card masked only if still held), the second
     * redacted; at most {@code mostHeld} bytes held between chunks; the outcome is {@code outcome}
     * and its detail names {@code why}.
     */
    private static void assertLeavesAsItCame(Inspector inspector, int padding, long mostHeld, Outcome outcome,
                                             String why) {
        String pad = "x".repeat(padding);
        byte[] big = frame(payment("Carol", pad + " " + CARD, null).toByteArray(), false);
        byte[] next = frame(payment("Dan", CARD, null).toByteArray(), false);
        byte[] body = Encodings.concat(big, next);
        for (int seed = 0; seed < 10; seed++) {
            Run r = rewrite(inspector, body, new Random(seed), 512);
            assertEquals(body.length, r.out().length, "seed " + seed);
            assertEquals(outcome, r.result().outcome(), r.result().detail());
            assertTrue(r.result().detail().contains(why), r.result().detail());
            assertTrue(r.mostHeld() <= mostHeld, "held " + r.mostHeld() + " bytes between chunks");
            List<Frame> frames = frames(r.out());
            assertEquals(2, frames.size());
            byte[] first = Arrays.copyOfRange(r.out(), frames.get(0).start(), frames.get(0).end());
            // Its card lies in the tail: replaced in place when the tail was still held, else as it came.
            byte[] maskedInPlace = frame(payment("Carol", pad + " " + MASKED, null).toByteArray(), false);
            assertTrue(Arrays.equals(big, first) || Arrays.equals(maskedInPlace, first),
                    "seed " + seed + ": the message that could not be held leaves as it came, at its own length");
            assertArrayEquals(frame(payment("Dan", MASKED, null).toByteArray(), false),
                    Arrays.copyOfRange(r.out(), frames.get(1).start(), frames.get(1).end()), "seed " + seed);
        }
    }
}
