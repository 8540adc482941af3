package dev.sluice.inspector;

import static dev.sluice.inspector.BadInputTest.MAIL;
import static dev.sluice.inspector.BadInputTest.TOKEN;
import static dev.sluice.inspector.BadInputTest.assertNoStageThrew;
import static dev.sluice.inspector.BadInputTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStream;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 2's bounds, end to end: bodies too long, decompression bombs and one huge token each end
 * in their limit's {@link Outcome}, with the findings made before the limit, in bounded memory.
 * Bodies are generated while they are fed ({@link GeneratedBody}), never held whole.
 */
class BoundedInputTest {
    private static final long MIB = 1L << 20;
    private static final int CHUNK = 64 * 1024;
    /** Heap growth allowed while a body streams: far below any body here, far above the session's own buffers. */
    private static final long HEAP_GROWTH_BOUND = 64 * MIB;

    /**
     * A 1 GiB JSON body under the default 32 MiB limit: the first 32 MiB are inspected, a secret
     * just before the limit is found, one after it is not, and the rest streams past without work.
     */
    @Test
    void moreFindingsThanABodyMayKeepIsAnOutcomeNotALoss() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            body.append("user").append(i).append("@mailbox.org\n");
        }
        byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        InspectionResult r = SessionRuns.inspect(BuiltinEngine.inspector(), dev.sluice.matchers.Direction.RESPONSE,
                "text/plain", null, bytes, SessionRuns.Chunking.whole());
        assertEquals(Outcome.FINDINGS_LIMIT, r.outcome());
        assertEquals(bytes.length, r.inspectedBytes());
        assertTrue(r.findings().size() >= 4000 && r.findings().size() <= 4096, "kept " + r.findings().size());
    }

    @Test
    void oneGibibyteBodyStopsAtTheInspectedBytesLimitWithItsFindings() {
        Inspector inspector = BuiltinEngine.inspector();
        long limit = inspector.limits().maxInspectedBytes();
        String record = ", {\"id\": 7, \"note\": \"lorem ipsum dolor sit amet consectetur adipiscing elit\"}";
        int noteAt = record.indexOf("lorem");
        GeneratedBody body = new GeneratedBody("[{\"note\": \"" + TOKEN + "\"}", record, 1L << 30, "]");
        long before = body.periodStart((limit - MIB) / record.length()) + noteAt;
        long after = body.periodStart((limit + 8 * MIB) / record.length()) + noteAt;
        body.insert(before, " " + TOKEN + " ").insert(after, " " + TOKEN + " ");

        long heapBefore = heapAfterGc();
        InspectionResult r;
        try (InspectionSession s = inspector.open(Direction.RESPONSE, "application/json", null)) {
            body.feed(s, CHUNK, pos -> { });
            assertHeapGrowthBounded(heapBefore);
            r = s.finish();
        }
        assertEquals(Outcome.INSPECTED_BYTES_LIMIT, r.outcome(), r.detail());
        assertEquals(limit, r.inspectedBytes());
        assertEquals(2, SessionRuns.findingsOf(r, "github_token").size(), r.findings()::toString);
        assertEquals("$[0].note", SessionRuns.findingsOf(r, "github_token").getFirst().path());
        Finding late = SessionRuns.findingsOf(r, "github_token").getLast();
        assertEquals(before + 1, late.start());
        assertTrue(late.end() <= limit);
    }

    /**
     * One 200 MiB JSON string (inspected-bytes limit raised so all of it is read): the JSON
     * parser holds at most {@code maxTokenBytes} of it, then gives up structure with TOKEN_LIMIT
     * and streams the rest as text, so the heap does not grow with the string and a secret deep
     * inside it is still found.
     */
    @Test
    void aHugeJsonStringIsATokenLimitInBoundedMemoryAndIsStillScanned() {
        Inspector inspector = BuiltinEngine.inspector(InspectionLimits.builder().maxInspectedBytes(256 * MIB).build());
        GeneratedBody body = new GeneratedBody("{\"blob\": \"", "lorem ipsum dolor sit amet ", 200 * MIB, "\"}")
                .insert(MIB / 2, " " + MAIL + " ")
                .insert(150 * MIB, " " + TOKEN + " ");
        long heapBefore = heapAfterGc();
        long[] nextSample = {50 * MIB};
        InspectionResult r;
        try (InspectionSession s = inspector.open(Direction.REQUEST, "application/json", null)) {
            body.feed(s, CHUNK, pos -> {
                if (pos >= nextSample[0]) {
                    nextSample[0] += 50 * MIB;
                    assertHeapGrowthBounded(heapBefore);
                }
            });
            r = s.finish();
        }
        assertEquals(Outcome.TOKEN_LIMIT, r.outcome(), r.detail());
        assertEquals(body.length(), r.inspectedBytes());
        SessionRuns.onlyFindingAt(r, "email", MIB / 2 + 1, MIB / 2 + 1 + MAIL.length());
        SessionRuns.onlyFindingAt(r, "github_token", 150 * MIB + 1, 150 * MIB + 1 + TOKEN.length());
    }

    /** The limit is recorded as such whether it falls inside a chunk or at a chunk's end. */
    @Test
    void inspectedBytesLimitIsTheSameWhereverTheChunksEnd() {
        Inspector small = BuiltinEngine.inspector(InspectionLimits.builder().maxInspectedBytes(64).build());
        byte[] body = utf8("{\"token\": \"" + TOKEN + "\", \"contact\": \"" + MAIL + "\"}");
        SessionRuns.Run whole = SessionRuns.Run.of(SessionRuns.inspect(small, Direction.REQUEST, "application/json",
                null, body, SessionRuns.Chunking.whole()));
        assertEquals(Outcome.INSPECTED_BYTES_LIMIT, whole.outcome());
        assertEquals(64, whole.inspectedBytes());
        for (int cut = 1; cut < body.length; cut++) {
            SessionRuns.assertSameRun(whole, SessionRuns.Run.of(SessionRuns.inspect(small, Direction.REQUEST,
                    "application/json", null, body, SessionRuns.Chunking.at("cut", new int[] {cut}))), "cut at " + cut);
        }
    }

    /**
     * Zeros compressed behind a secret, with the default limits: decoding stops at a limit long
     * before the decoded size, and the secret, decoded first, is found (offsets in the decoded body).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void decompressionBombStopsAtALimitAndKeepsWhatCameBefore(String coding) throws IOException {
        String head = "token=" + TOKEN + "\n";
        byte[] bomb = compressed(coding, head, zeros(256 * MIB));
        Inspector inspector = BuiltinEngine.inspector();
        long heapBefore = heapAfterGc();
        InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, "text/plain", coding, bomb,
                SessionRuns.Chunking.whole());
        assertHeapGrowthBounded(heapBefore);
        assertTrue(EnumSet.of(Outcome.DECOMPRESSION_RATIO_LIMIT, Outcome.DECOMPRESSED_SIZE_LIMIT).contains(r.outcome()),
                r.outcome() + " " + r.detail());
        assertNoStageThrew(r);
        assertEquals(bomb.length, r.inspectedBytes());
        Finding f = SessionRuns.onlyFindingAt(r, "github_token", 6, 6 + TOKEN.length());
        assertTrue(f.decodedOffsets(), "offsets are in the decoded body");
    }

    /**
     * Text that compresses well below the ratio limit but decodes past the size limit stops at
     * exactly that size: a secret before it is found, one after it is not decoded.
     */
    @Test
    void decodedSizeLimitStopsDecodingAtTheLimit() throws IOException {
        long maxDecoded = 2 * MIB;
        Inspector inspector = BuiltinEngine.inspector(InspectionLimits.builder().maxDecompressedBytes(maxDecoded).build());
        Random random = new Random(7);
        byte[] text = new byte[(int) (4 * MIB)];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) (random.nextInt(8) == 0 ? ' ' : 'a' + random.nextInt(26));
        }
        byte[] early = utf8(" " + TOKEN + " ");
        System.arraycopy(early, 0, text, (int) MIB, early.length);
        System.arraycopy(early, 0, text, (int) (3 * MIB), early.length);
        byte[] gz = compressed("gzip", "", out -> out.write(text));
        InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, "text/plain", "gzip", gz,
                SessionRuns.Chunking.whole());
        assertEquals(Outcome.DECOMPRESSED_SIZE_LIMIT, r.outcome(), r.detail());
        SessionRuns.onlyFindingAt(r, "github_token", MIB + 1, MIB + 1 + TOKEN.length());
    }

    private interface Filler {
        void write(OutputStream out) throws IOException;
    }

    /** {@code size} zeros, written in 1 MiB steps. */
    private static Filler zeros(long size) {
        return out -> {
            byte[] zeros = new byte[(int) MIB];
            for (long left = size; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        };
    }

    /** {@code head} then what {@code filler} writes, compressed as it is written. */
    private static byte[] compressed(String coding, String head, Filler filler) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = encoder(coding, sink)) {
            out.write(utf8(head));
            filler.write(out);
        }
        return sink.toByteArray();
    }

    private static OutputStream encoder(String coding, OutputStream sink) throws IOException {
        return switch (coding) {
            case "gzip" -> new GZIPOutputStream(sink, 1 << 16);
            case "br" -> {
                Brotli4jLoader.ensureAvailability();
                yield new BrotliOutputStream(sink, new Encoder.Parameters().setQuality(5));
            }
            case "zstd" -> new ZstdOutputStream(sink, 3);
            default -> throw new IllegalArgumentException(coding);
        };
    }

    /** Asserts the heap in use, after a full collection, grew less than {@link #HEAP_GROWTH_BOUND}. */
    private static void assertHeapGrowthBounded(long before) {
        long growth = heapAfterGc() - before;
        assertTrue(growth < HEAP_GROWTH_BOUND, "heap grew by " + growth / MIB + " MiB");
    }

    /**
     * Heap in use after a collection; the least of three tries, so garbage made by another thread
     * between the collection and the reading does not count.
     */
    private static long heapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
