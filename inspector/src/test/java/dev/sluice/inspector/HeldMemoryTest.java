package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.inspector.decode.Encodings;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process-wide bound on held body bytes: charges past each holder's uncharged part, refuses
 * past the limit without charging, gives back on shrink, release or the holder's collection; and
 * the inspector's own holders (a rewriting's held bytes, an encoded body's copy) do at a refusal
 * what they do at their own limit.
 */
class HeldMemoryTest {
    private static final int FREE = HeldMemory.UNCHARGED_BYTES;
    private static final String CARD = "4111 1111 1111 1111";
    private static final String MASKED = "**** **** **** 1111";

    @Test
    void chargesPastTheUnchargedPartAndRefusesPastTheLimit() {
        HeldMemory memory = HeldMemory.of(100_000);
        HeldMemory.Account a = memory.account(new Object());
        assertTrue(a.holds(FREE));
        assertEquals(0, memory.charged());
        assertTrue(a.holds(FREE + 60_000));
        assertEquals(60_000, memory.charged());
        HeldMemory.Account b = memory.account(new Object());
        assertFalse(b.holds(FREE + 40_001), "one byte past the limit");
        assertEquals(60_000, memory.charged(), "a refusal charges nothing");
        assertEquals(1, memory.refusals());
        assertTrue(b.holds(FREE + 40_000));
        assertEquals(100_000, memory.charged());
        assertTrue(a.holds(FREE + 10_000), "a smaller buffer gives back the difference");
        assertEquals(50_000, memory.charged());
        a.release();
        b.release();
        assertEquals(0, memory.charged());
        assertTrue(a.holds(FREE + 1), "an account charges again after a release");
        a.release();
        assertEquals(0, memory.charged());
        assertThrows(IllegalArgumentException.class, () -> HeldMemory.of(0));
    }

    /** Threads charging and releasing at once never take the total past the limit, and leave it at 0. */
    @RepeatedTest(5)
    void concurrentChargesNeverPassTheLimit(RepetitionInfo rep) throws InterruptedException {
        long limit = 1 << 20;
        HeldMemory memory = HeldMemory.of(limit);
        AtomicLong highest = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(rep.getCurrentRepetition() * 31L + t);
            threads.add(Thread.ofPlatform().start(() -> {
                HeldMemory.Account account = memory.account(new Object());
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (random.nextInt(8) == 0) {
                        account.release();
                    } else {
                        account.holds(random.nextInt(FREE + (int) limit / 2));
                    }
                    highest.accumulateAndGet(memory.charged(), Math::max);
                }
                account.release();
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(highest.get() <= limit, "charged " + highest.get());
        assertEquals(0, memory.charged());
    }

    /** A holder dropped without a release (an exchange a front end forgot to end) gives its charge back when collected. */
    @Test
    void aHolderCollectedWithoutAReleaseGivesItsChargeBack() throws InterruptedException {
        HeldMemory memory = HeldMemory.of(1 << 20);
        chargeAndDrop(memory);
        assertEquals(100_000, memory.charged());
        for (int i = 0; i < 100 && memory.charged() != 0; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(0, memory.charged());
    }

    private static void chargeAndDrop(HeldMemory memory) {
        Object holder = new byte[16];
        assertTrue(memory.account(holder).holds(FREE + 100_000));
    }

    /**
     * A JSON string value far longer than the uncharged part, redacted while the process has no
     * room: the long value is let go of (read as text, or released unredacted; a limit either way,
     * naming the process's memory), the card after it still masked, the charges given back at the
     * end; with room, the same body is all masked. A gRPC message held whole is
     * {@code GrpcRewritingTest}'s.
     */
    @RepeatedTest(10)
    void aRewritingWithNoRoomLetsItsLongValueGoAndGivesTheRoomBack(RepetitionInfo rep) throws IOException {
        Random random = new Random(rep.getCurrentRepetition());
        String body = "{\"big\":\"" + "a".repeat(3 * FREE + random.nextInt(FREE)) + " " + CARD + "\",\"card\":\""
                + CARD + "\"}";
        HeldMemory full = HeldMemory.of(FREE);
        HeldMemory.Account other = full.account(new Object());
        assertTrue(other.holds(2 * FREE), "another exchange holds all of it");
        RewritingLimitsTest.Run r = RewritingLimitsTest.run(BuiltinEngine.inspector(InspectionLimits.defaults(), full), null,
                body.getBytes(StandardCharsets.UTF_8), random, 8192);
        assertEquals(body.length(), r.out().length, r.result().outcome() + " " + r.result().detail() + " "
                + new String(r.out(), StandardCharsets.UTF_8).replaceAll("a{20,}", "a…"));
        assertTrue(r.result().outcome().isLimit(), r.result().outcome().toString());
        assertTrue(r.result().detail().contains("held memory"), r.result().detail());
        assertEquals(MASKED, EncodedRewritingTest.stringField(r.out(), "card"));
        assertEquals(FREE, full.charged(), "only the other exchange's charge stays");
        other.release();

        HeldMemory room = HeldMemory.of(8 << 20);
        RewritingLimitsTest.Run whole = RewritingLimitsTest.run(BuiltinEngine.inspector(InspectionLimits.defaults(), room),
                null, body.getBytes(StandardCharsets.UTF_8), random, 8192);
        assertEquals(Outcome.COMPLETE, whole.result().outcome(), whole.result().detail());
        assertEquals(body.replace(CARD, MASKED), new String(whole.out(), StandardCharsets.UTF_8));
        assertEquals(0, room.charged());
    }

    /**
     * A request labelled {@code br} that is plain JSON, longer than the uncharged part, with an
     * attack at its end: read again as sent when the process has room for its copy, not when it
     * has none (the decoding error then stands alone, for the fail rule); either way the copy's
     * charge is given back.
     */
    @Test
    void anEncodedBodysCopyNeedsRoomToBeReadAgain() {
        byte[] body = ("{\"pad\":\"" + "b".repeat(2 * FREE) + "\",\"q\":\"0 UNION SELECT username, password FROM users--\"}")
                .getBytes(StandardCharsets.UTF_8);
        HeldMemory room = HeldMemory.of(8 << 20);
        InspectionResult read = SessionRuns.inspect(BuiltinEngine.inspector(InspectionLimits.defaults(), room),
                Direction.REQUEST, "application/json", "br", body, Chunking.whole());
        assertEquals(List.of("attack.sqli"), read.findings().stream().map(Finding::id).distinct().toList());
        assertEquals(0, room.charged());

        HeldMemory full = HeldMemory.of(1 << 20);
        HeldMemory.Account other = full.account(new Object());
        assertTrue(other.holds(FREE + (1 << 20)));
        InspectionResult unread = SessionRuns.inspect(BuiltinEngine.inspector(InspectionLimits.defaults(), full),
                Direction.REQUEST, "application/json", "br", body, Chunking.whole());
        assertEquals(List.of(), unread.findings());
        assertNotEquals(Outcome.COMPLETE, unread.outcome());
        assertEquals(1 << 20, full.charged(), "only the other exchange's charge stays");
    }

    /**
     * A JSON string far longer than the uncharged part, with a card inside it and one after it:
     * with room, read as JSON; with none, the long token and the rest are read as text (the
     * cards still found, outcome TOKEN_LIMIT naming the process's memory) at any chunking; the
     * token's charge is given back either way.
     */
    @RepeatedTest(10)
    void aLongJsonTokenNeedsRoomToBeReadAsJson(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        String body = "{\"log\":\"" + "x ".repeat(FREE + random.nextInt(FREE)) + CARD + "\",\"card\":\"" + CARD + "\"}";
        byte[] wire = body.getBytes(StandardCharsets.UTF_8);
        boolean whole = rep.getCurrentRepetition() == 1;
        Chunking chunking = whole ? Chunking.whole() : everyBytes(1024 + random.nextInt(16384),
                wire.length);

        Reads reads = Reads.of("application/json", null, wire, chunking);
        InspectionResult json = reads.withRoom();
        assertEquals(Outcome.COMPLETE, json.outcome(), json.detail());
        assertEquals(List.of("$.log", "$.card"), json.findings().stream().map(Finding::path).toList());

        InspectionResult text = reads.withoutRoom();
        if (whole) {
            assertEquals(Outcome.COMPLETE, text.outcome(), "fed whole, no token is ever in progress");
        } else {
            assertEquals(Outcome.TOKEN_LIMIT, text.outcome());
            assertTrue(text.detail().contains("held memory"), text.detail());
        }
        assertEquals(List.of("credit_card", "credit_card"), text.findings().stream().map(Finding::id).toList());
    }

    /**
     * A brotli or zstd body decoding to 2 MiB of short values with a card at its end: its
     * decoder's window (native memory that fills with what it decodes) needs room; without it
     * decoding stops (DECOMPRESSED_SIZE_LIMIT naming the process's memory) and the card past that
     * point is not reached; with it, the whole body is read. The window's charge is given back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"br", "zstd"})
    void aDecodersWindowNeedsRoom(String coding) {
        StringBuilder json = new StringBuilder("[");
        Random random = new Random(coding.hashCode());
        while (json.length() < 2 << 20) {
            json.append("{\"id\":").append(random.nextInt(1_000_000)).append(",\"n\":\"w").append(random.nextInt())
                    .append("\"},");
        }
        json.append("{\"card\":\"").append(CARD).append("\"}]");
        byte[] plain = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] wire = coding.equals("br") ? Encodings.brotli(plain) : Encodings.zstd(plain);

        Reads reads = Reads.of("application/json", coding, wire, everyBytes(16384, wire.length));
        assertEquals(Outcome.COMPLETE, reads.withRoom().outcome(), reads.withRoom().detail());
        assertEquals(List.of("credit_card"), reads.withRoom().findings().stream().map(Finding::id).toList());

        InspectionResult cut = reads.withoutRoom();
        assertEquals(Outcome.DECOMPRESSED_SIZE_LIMIT, cut.outcome());
        assertTrue(cut.detail().contains("held memory"), cut.detail());
        assertEquals(List.of(), cut.findings());
    }

    /**
     * A gRPC message of 1 MiB that comes in pieces is buffered whole to be walked: the buffer
     * needs room. Without it the message is read as raw bytes (MESSAGE_SIZE_LIMIT naming the
     * process's memory), its card still found; with it, walked as a message. Either way the
     * buffer's charge is given back.
     */
    @Test
    void aGrpcMessageInPiecesNeedsRoomToBeWalked() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        CodedOutputStream fields = CodedOutputStream.newInstance(message);
        fields.writeString(1, "x ".repeat(FREE * 8) + CARD);
        fields.flush();
        byte[] wire = Encodings.grpcFrame(0, message.toByteArray());

        Reads reads = Reads.of("application/grpc", null, wire, everyBytes(16384, wire.length));
        assertEquals(Outcome.COMPLETE, reads.withRoom().outcome(), reads.withRoom().detail());
        assertEquals(List.of("1"), reads.withRoom().findings().stream().map(Finding::path).toList());

        InspectionResult raw = reads.withoutRoom();
        assertEquals(Outcome.MESSAGE_SIZE_LIMIT, raw.outcome());
        assertTrue(raw.detail().contains("held memory"), raw.detail());
        assertEquals(List.of("credit_card"), raw.findings().stream().map(Finding::id).toList());
    }

    /**
     * A response body read by two inspectors: one whose process has ample room, one whose
     * process has 1000 bytes left (another exchange holds the rest). Every charge the reads made
     * was given back.
     */
    private record Reads(InspectionResult withRoom, InspectionResult withoutRoom) {
        static Reads of(String contentType, String coding, byte[] wire, Chunking chunking) {
            HeldMemory room = HeldMemory.of(64 << 20);
            InspectionResult withRoom = SessionRuns.inspect(BuiltinEngine.inspector(InspectionLimits.defaults(), room),
                    Direction.RESPONSE, contentType, coding, wire, chunking);
            assertEquals(0, room.charged());

            HeldMemory full = HeldMemory.of(1 << 20);
            HeldMemory.Account other = full.account(new Object());
            assertTrue(other.holds(FREE + (1 << 20) - 1000));
            InspectionResult withoutRoom = SessionRuns.inspect(BuiltinEngine.inspector(InspectionLimits.defaults(),
                    full), Direction.RESPONSE, contentType, coding, wire, chunking);
            assertEquals((1 << 20) - 1000, full.charged(), "only the other exchange's charge stays");
            return new Reads(withRoom, withoutRoom);
        }
    }

    private static Chunking everyBytes(int step, int length) {
        int[] cuts = new int[length / step];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * step;
        }
        return Chunking.at("every " + step + " bytes", cuts);
    }
}
