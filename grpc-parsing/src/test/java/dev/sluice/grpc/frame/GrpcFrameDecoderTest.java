package dev.sluice.grpc.frame;

import static dev.sluice.grpc.frame.FrameTesting.concat;
import static dev.sluice.grpc.frame.FrameTesting.deflate;
import static dev.sluice.grpc.frame.FrameTesting.everyByte;
import static dev.sluice.grpc.frame.FrameTesting.feed;
import static dev.sluice.grpc.frame.FrameTesting.frame;
import static dev.sluice.grpc.frame.FrameTesting.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrpcFrameDecoderTest {
    private static final byte[] A = "first message".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = new byte[0];
    private static final byte[] C = random(300, 7);

    private static GrpcFrameDecoder.Builder decoder(FrameTesting.Recorder r) {
        return GrpcFrameDecoder.builder().listener(r);
    }

    private static FrameTesting.Recorder decode(byte[] body, GrpcFrameDecoder.Builder b, FrameTesting.Recorder r,
                                                int... cuts) {
        feed(b.build(), body, cuts);
        return r;
    }

    private static FrameTesting.Recorder decode(byte[] body, int... cuts) {
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        return decode(body, decoder(r), r, cuts);
    }

    private static void assertMessages(FrameTesting.Recorder r, byte[]... expected) {
        assertEquals(expected.length, r.payloads.size(), "messages");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], r.payloads.get(i), "message " + i);
        }
    }

    @Test
    void deliversEveryMessageWhereverTheBodyIsSplitInTwo() {
        byte[] body = concat(frame(0, A), frame(0, B), frame(0, C));
        for (int cut = 0; cut <= body.length; cut++) {
            FrameTesting.Recorder r = decode(body, cut);
            assertMessages(r, A, B, C);
            assertEquals(List.of(5L, 5L + A.length + 5, 5L + A.length + 5 + 5), r.messages.stream()
                    .map(GrpcMessage::payloadOffset).toList());
            assertTrue(r.errors.isEmpty());
        }
    }

    @Test
    void deliversEveryMessageFromOneByteChunks() {
        byte[] body = concat(frame(0, A), frame(0, B), frame(0, C));
        FrameTesting.Recorder r = decode(body, everyByte(body.length));
        assertMessages(r, A, B, C);
        assertEquals(0, r.uninspected.size());
    }

    @RepeatedTest(60)
    void randomStreamsUnderRandomChunkingDecodeExactly(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        GrpcEncoding encoding = rnd.nextBoolean() ? GrpcEncoding.GZIP : GrpcEncoding.DEFLATE;
        int count = 1 + rnd.nextInt(8);
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        List<Boolean> compressed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] m = rnd.nextInt(4) == 0 ? "x".repeat(rnd.nextInt(5000)).getBytes(StandardCharsets.UTF_8)
                    : random(rnd.nextInt(rnd.nextBoolean() ? 20 : 3000), rnd.nextLong());
            boolean z = rnd.nextInt(3) == 0;
            messages.add(m);
            compressed.add(z);
            byte[] payload = !z ? m : encoding == GrpcEncoding.GZIP ? gzip(m) : deflate(m, rnd.nextBoolean());
            frames.add(frame(z ? 1 : 0, payload));
        }
        byte[] body = concat(frames.toArray(new byte[0][]));
        int[] cuts = randomCuts(rnd, body.length);
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(body, decoder(r).encoding(encoding), r, cuts);
        assertMessages(r, messages.toArray(new byte[0][]));
        long at = 0;
        for (int i = 0; i < count; i++) {
            GrpcMessage m = r.messages.get(i);
            assertEquals(i, m.index());
            assertEquals(at + 5, m.payloadOffset());
            assertEquals(at, m.frameOffset());
            assertEquals(frames.get(i).length - 5, m.wireLength());
            assertEquals(compressed.get(i), m.compressed());
            at += frames.get(i).length;
        }
        assertTrue(r.errors.isEmpty(), r.errors.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zlib", "raw-deflate"})
    void decompressesMessagesMixedWithPlainOnes(String format) {
        byte[] compressed = switch (format) {
            case "gzip" -> gzip(C);
            case "zlib" -> deflate(C, true);
            default -> deflate(C, false);
        };
        GrpcEncoding encoding = format.equals("gzip") ? GrpcEncoding.GZIP : GrpcEncoding.DEFLATE;
        byte[] body = concat(frame(0, A), frame(1, compressed), frame(0, A));
        for (int[] cuts : List.of(new int[0], everyByte(body.length))) {
            FrameTesting.Recorder r = new FrameTesting.Recorder();
            decode(body, decoder(r).encoding(encoding), r, cuts);
            assertMessages(r, A, C, A);
            assertTrue(r.messages.get(1).compressed());
            assertEquals(compressed.length, r.messages.get(1).wireLength());
        }
    }

    @Test
    void readsGzipHeaderFieldsAndSeveralMembers() {
        byte[] deflated = deflate(A, false);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(A);
        byte[] header = {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3,
            2, 0, 'x', 'y',           // FEXTRA: 2 bytes
            'n', 'a', 'm', 'e', 0,    // FNAME
            'c', 0,                   // FCOMMENT
            0x12, 0x34};              // FHCRC (not checked)
        byte[] trailer = {(byte) crc.getValue(), (byte) (crc.getValue() >> 8), (byte) (crc.getValue() >> 16),
            (byte) (crc.getValue() >> 24), (byte) A.length, 0, 0, 0};
        byte[] member = concat(header, deflated, trailer);
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(frame(1, concat(member, gzip(C))), decoder(r).encoding(GrpcEncoding.GZIP), r);
        assertMessages(r, concat(A, C));
    }

    @Test
    void oversizedMessageIsStreamedAsideAndTheNextOneDelivered() {
        byte[] big = random(150, 3);
        byte[] body = concat(frame(0, A), frame(0, big), frame(0, A));
        for (int[] cuts : List.of(new int[0], everyByte(body.length))) {
            FrameTesting.Recorder r = new FrameTesting.Recorder();
            decode(body, decoder(r).maxMessageBytes(100), r, cuts);
            assertMessages(r, A, A);
            assertEquals(List.of(0, 2), r.messages.stream().map(GrpcMessage::index).toList());
            long bigPayload = 5 + A.length + 5;
            assertEquals(List.of("MESSAGE_TOO_LARGE@" + bigPayload), r.errors);
            assertArrayEquals(big, r.uninspected.toByteArray());
            assertEquals(List.of(bigPayload), r.uninspectedOffsets);
        }
    }

    /**
     * A payload that must be buffered (it comes in pieces) asks for room as its buffer grows;
     * refused, it streams aside like an oversized one, and every grant is given back. One that
     * comes whole in a chunk is read where it lies and needs no room.
     */
    @Test
    void messageWithoutRoomIsStreamedAsideAndTheRoomGivenBack() {
        byte[] big = random(150, 3);
        byte[] body = concat(frame(0, A), frame(0, big), frame(0, A));
        long bigPayload = 5 + A.length + 5;
        int midBig = (int) bigPayload + 70;
        for (int[] cuts : List.of(new int[] {midBig}, everyByte(body.length))) {
            FrameTesting.Recorder r = new FrameTesting.Recorder();
            List<Long> grants = new ArrayList<>();
            MessageRoom upTo100 = capacity -> {
                if (capacity > 100) {
                    return false;
                }
                grants.add(capacity);
                return true;
            };
            decode(body, decoder(r).room(upTo100), r, cuts);
            assertMessages(r, A, A);
            assertEquals(List.of(0, 2), r.messages.stream().map(GrpcMessage::index).toList());
            assertEquals(List.of("NO_ROOM@" + bigPayload), r.errors);
            assertArrayEquals(big, r.uninspected.toByteArray());
            assertEquals(List.of(bigPayload), r.uninspectedOffsets);
            assertEquals(0L, grants.getLast(), "the last grant gives everything back");
        }
        FrameTesting.Recorder whole = new FrameTesting.Recorder();
        decode(body, decoder(whole).room(capacity -> capacity == 0), whole);
        assertMessages(whole, A, big, A);
    }

    @Test
    void lengthPrefixNearFourGibibytesIsRefusedWithoutAllocating() {
        byte[] body = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        FrameTesting.Recorder r = decode(body);
        assertEquals(List.of("MESSAGE_TOO_LARGE@5", "TRUNCATED@8"), r.errors);
        assertArrayEquals(new byte[] {1, 2, 3}, r.uninspected.toByteArray());
    }

    @Test
    void bodyEndingInsideAHeaderIsTruncated() {
        byte[] body = concat(frame(0, A), new byte[] {0, 0, 0});
        FrameTesting.Recorder r = decode(body, everyByte(body.length));
        assertMessages(r, A);
        assertEquals(List.of("TRUNCATED@" + (5 + A.length)), r.errors);
        assertArrayEquals(new byte[] {0, 0, 0}, r.uninspected.toByteArray());
    }

    @Test
    void bodyEndingInsideAPayloadIsTruncatedAndThePartHandedOver() {
        byte[] full = frame(0, C);
        byte[] body = Arrays.copyOf(full, 100);
        FrameTesting.Recorder r = decode(body, 2, 7, 50);
        assertTrue(r.payloads.isEmpty());
        assertEquals(List.of("TRUNCATED@100"), r.errors);
        assertArrayEquals(Arrays.copyOfRange(C, 0, 95), r.uninspected.toByteArray());
        assertEquals(List.of(5L), r.uninspectedOffsets);
    }

    @Test
    void invalidFlagStopsFramingAndHandsTheRestOver() {
        byte[] body = concat(frame(0, A), "{\"json\": true}".getBytes(StandardCharsets.UTF_8));
        FrameTesting.Recorder r = decode(body, everyByte(body.length));
        assertMessages(r, A);
        assertEquals(List.of("INVALID_FLAG@" + (5 + A.length)), r.errors);
        assertEquals("{\"json\": true}", r.uninspected.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(5L + A.length), r.uninspectedOffsets);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "snappy"})
    void compressedFlagWithoutADecodableEncodingIsRefused(String header) {
        byte[] body = concat(frame(1, gzip(A)), frame(0, C));
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(body, decoder(r).encoding(GrpcEncoding.of(header)), r);
        assertMessages(r, C);
        assertEquals(List.of("UNSUPPORTED_ENCODING@5"), r.errors);
        assertArrayEquals(gzip(A), r.uninspected.toByteArray());
    }

    @Test
    void corruptCompressedMessagesFailAndTheNextIsDelivered() {
        byte[] badCrc = gzip(A);
        badCrc[badCrc.length - 6] ^= 1;
        byte[] trailing = concat(gzip(A), new byte[] {0});
        byte[] truncated = Arrays.copyOf(gzip(C), 20);
        for (byte[] bad : List.of(badCrc, trailing, truncated, "not gzip at all".getBytes(StandardCharsets.UTF_8))) {
            FrameTesting.Recorder r = new FrameTesting.Recorder();
            decode(concat(frame(1, bad), frame(0, A)), decoder(r).encoding(GrpcEncoding.GZIP), r);
            assertMessages(r, A);
            assertEquals(List.of("DECOMPRESSION_FAILED@5"), r.errors);
        }
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(frame(1, concat(deflate(A, true), new byte[] {1, 2})), decoder(r).encoding(GrpcEncoding.DEFLATE), r);
        assertEquals(List.of("DECOMPRESSION_FAILED@5"), r.errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate"})
    void decompressionBombIsRefusedAtTheLimit(String encoding) {
        byte[] zeros = new byte[64 << 20];
        byte[] bomb = encoding.equals("gzip") ? gzip(zeros) : deflate(zeros, true);
        assertTrue(bomb.length < 100_000);
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(concat(frame(1, bomb), frame(0, A)),
                decoder(r).encoding(GrpcEncoding.of(encoding)).maxDecompressedBytes(1 << 20), r);
        assertMessages(r, A);
        assertEquals(List.of("DECOMPRESSED_TOO_LARGE@5"), r.errors);
    }

    @Test
    void messageInflatingToExactlyTheLimitIsDelivered() {
        byte[] m = random(1000, 11);
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(frame(1, gzip(m)), decoder(r).encoding(GrpcEncoding.GZIP).maxDecompressedBytes(1000), r);
        assertMessages(r, m);
        FrameTesting.Recorder over = new FrameTesting.Recorder();
        decode(frame(1, gzip(m)), decoder(over).encoding(GrpcEncoding.GZIP).maxDecompressedBytes(999), over);
        assertEquals(List.of("DECOMPRESSED_TOO_LARGE@5"), over.errors);
    }

    @Test
    void grpcWebTrailerFrameIsReadWhenEnabled() {
        byte[] block = "grpc-status: 7\r\nGrpc-Message: no%20access\r\nx-other: y\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat(frame(0, A), frame(0x80, block));
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(body, decoder(r).trailerFrames(true), r, everyByte(body.length));
        assertMessages(r, A);
        assertEquals(1, r.trailers.size());
        assertEquals(7, r.trailers.get(0).status().getAsInt());
        assertEquals("no access", r.trailers.get(0).message());
        FrameTesting.Recorder plain = decode(body);
        assertEquals(List.of("INVALID_FLAG@" + (5 + A.length)), plain.errors);
    }

    @Test
    void writesAfterEndAreIgnored() {
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        GrpcFrameDecoder d = decoder(r).build();
        byte[] body = frame(0, A);
        d.write(body, 0, body.length);
        d.end();
        d.write(body, 0, body.length);
        d.end();
        assertMessages(r, A);
        assertEquals(body.length, d.bytesRead());
    }

    @RepeatedTest(40)
    void everyBodyByteIsEitherAHeaderAPayloadOrHandedOver(RepetitionInfo info) {
        Random rnd = new Random(1000 + info.getCurrentRepetition());
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
            parts.add(frame(rnd.nextInt(5) == 0 ? 1 : 0, random(rnd.nextInt(400), rnd.nextLong())));
        }
        if (rnd.nextBoolean()) {
            parts.add(random(rnd.nextInt(30), rnd.nextLong())); // trailing junk or a cut frame
        }
        byte[] body = concat(parts.toArray(new byte[0][]));
        FrameTesting.Recorder r = new FrameTesting.Recorder();
        decode(body, decoder(r).maxMessageBytes(200), r, randomCuts(rnd, body.length));
        long delivered = r.messages.stream().mapToLong(m -> 5 + m.wireLength()).sum();
        long accounted = delivered + r.uninspected.size();
        assertTrue(accounted <= body.length && accounted >= body.length - 5L * (parts.size() + 1),
                () -> "accounted " + accounted + " of " + body.length + " errors " + r.errors);
        assertFalse(r.errors.stream().anyMatch(e -> e.startsWith("MESSAGE_TOO_LARGE")
                && r.messages.stream().anyMatch(m -> m.wireLength() > 200)));
    }

    static int[] randomCuts(Random rnd, int length) {
        int n = length == 0 ? 0 : rnd.nextInt(Math.min(length, 40) + 1);
        return rnd.ints(n, 0, Math.max(1, length)).sorted().distinct().toArray();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
