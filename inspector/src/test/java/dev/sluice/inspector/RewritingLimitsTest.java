package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.decode.Encodings;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Rewriting sessions at their limits: a value longer than maxHeldBytes is let go of, the rest
 * still redacted; past maxInspectedBytes what was final is applied and the rest passes unchanged (an
 * encoded body still decoded); past maxDecompressedBytes the output stops short and the session
 * says so. A protobuf message longer than maxHeldBytes is {@code GrpcRewritingTest}'s.
 */
class RewritingLimitsTest {
    private static final int MAX_HELD = 4096;
    private static final String CARD = "4111 1111 1111 1111";
    private static final String MASKED = "**** **** **** 1111";

    /** A JSON body: a string longer than the hold limit with a card at its end, then a card of its own. */
    private static String longValueThenCard(int length) {
        return "{\"big\":\"" + "a".repeat(length) + " " + CARD + "\",\"card\":\"" + CARD + "\",\"n\":1}";
    }

    /** Output, and how many bytes were in and not yet out after each feed at most. */
    record Run(byte[] out, InspectionResult result, long mostHeld, boolean complete) {
    }

    static Run run(Inspector inspector, String contentEncoding, byte[] wire, Random random, int maxChunk) {
        return run(inspector, contentEncoding, 0, wire, random, maxChunk);
    }

    /** {@code bound}: the body's own bound on the bytes inspected (0: the inspector's). */
    private static Run run(Inspector inspector, String contentEncoding, long bound, byte[] wire, Random random,
                           int maxChunk) {
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json")
                .contentEncoding(contentEncoding).maxInspectedBytes(bound).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long mostHeld = 0;
        try (InspectionSession s = inspector.openRewriting(spec, EncodedRewritingTest.CARDS, out::write)) {
            for (int at = 0; at < wire.length; ) {
                int n = Math.min(wire.length - at, 1 + random.nextInt(maxChunk));
                s.feed(Arrays.copyOfRange(wire, at, at + n), 0, n);
                at += n;
                mostHeld = Math.max(mostHeld, at - out.size());
            }
            InspectionResult r = s.finish();
            return new Run(out.toByteArray(), r, mostHeld, s.outputComplete());
        }
    }

    /**
     * A string value far longer than the hold limit: the rewriter lets go of it (HELD_BYTES_LIMIT)
     * and never holds more than the limit between chunks; the card at its end is masked only when
     * its bytes were still held, the card after it always; the output keeps its length and parses.
     */
    @RepeatedTest(20)
    void aValueLongerThanTheHoldLimitIsLetGoAndTheRestRedacted(RepetitionInfo rep) throws IOException {
        Inspector inspector = BuiltinEngine.inspector(InspectionLimits.builder().maxHeldBytes(MAX_HELD).build());
        Random random = new Random(rep.getCurrentRepetition());
        String body = longValueThenCard(MAX_HELD * 4 + random.nextInt(MAX_HELD * 4));
        Run r = run(inspector, null, body.getBytes(StandardCharsets.UTF_8), random, 1024);
        assertEquals(Outcome.HELD_BYTES_LIMIT, r.result().outcome(), r.result().detail());
        assertTrue(r.mostHeld() <= MAX_HELD, "held " + r.mostHeld() + " bytes between chunks");
        String out = new String(r.out(), StandardCharsets.UTF_8);
        String secondMasked = body.substring(0, body.lastIndexOf(CARD)) + MASKED + body.substring(body.lastIndexOf(CARD)
                + CARD.length());
        assertTrue(out.equals(secondMasked) || out.equals(body.replace(CARD, MASKED)), "only the cards may change");
        assertEquals(MASKED, EncodedRewritingTest.stringField(r.out(), "card"));
    }

    @RepeatedTest(10)
    void aHugeEncodedValueIsReleasedDecodedAndWhole(RepetitionInfo rep) {
        Inspector inspector = BuiltinEngine.inspector(InspectionLimits.builder().maxHeldBytes(MAX_HELD).build());
        Random random = new Random(100 + rep.getCurrentRepetition());
        String body = longValueThenCard(MAX_HELD * 16);
        Run r = run(inspector, "gzip", Encodings.gzip(body.getBytes(StandardCharsets.UTF_8)), random, 64);
        assertEquals(Outcome.HELD_BYTES_LIMIT, r.result().outcome(), r.result().detail());
        assertTrue(r.complete());
        String out = new String(r.out(), StandardCharsets.UTF_8);
        assertEquals(body.length(), out.length());
        assertTrue(out.endsWith("\"card\":\"" + MASKED + "\",\"n\":1}"), out.substring(out.length() - 60));
        assertTrue(out.startsWith(body.substring(0, body.indexOf(CARD))));
    }

    /** Two cards with the inspected-bytes limit between them: the first is masked, the second passes. */
    @RepeatedTest(20)
    void pastTheInspectedLimitTheRestPassesUnchanged(RepetitionInfo rep) {
        String head = "{\"first\":\"" + CARD + "\",\"pad\":\"";
        String body = head + "p".repeat(3000) + "\",\"second\":\"" + CARD + "\"}";
        Random random = new Random(rep.getCurrentRepetition());
        int limit = head.length() + random.nextInt(3000);
        Inspector inspector = BuiltinEngine.inspector(InspectionLimits.builder().maxInspectedBytes(limit).build());
        Run r = run(inspector, null, body.getBytes(StandardCharsets.UTF_8), random, 700);
        assertEquals(Outcome.INSPECTED_BYTES_LIMIT, r.result().outcome());
        assertEquals(limit, r.result().inspectedBytes());
        assertEquals(body.replaceFirst(CARD, MASKED), new String(r.out(), StandardCharsets.UTF_8));
    }

    /**
     * A body's own bound (a policy route's) replaces the inspector's, lower or higher, in a
     * rewriting session and in one that only inspects.
     */
    @RepeatedTest(10)
    void aBodysOwnBoundReplacesTheInspectors(RepetitionInfo rep) {
        String head = "{\"first\":\"" + CARD + "\",\"pad\":\"";
        String body = head + "p".repeat(3000) + "\",\"second\":\"" + CARD + "\"}";
        byte[] wire = body.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(rep.getCurrentRepetition());
        int bound = head.length() + random.nextInt(3000);
        Inspector roomy = BuiltinEngine.inspector();
        Run lower = run(roomy, null, bound, wire, random, 700);
        assertEquals(Outcome.INSPECTED_BYTES_LIMIT, lower.result().outcome());
        assertEquals(bound, lower.result().inspectedBytes());
        assertEquals(body.replaceFirst(CARD, MASKED), new String(lower.out(), StandardCharsets.UTF_8));
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json").maxInspectedBytes(bound)
                .build();
        InspectionResult inspected = SessionRuns.inspect(roomy, spec, wire, SessionRuns.Chunking.random(random,
                wire.length));
        assertEquals(Outcome.INSPECTED_BYTES_LIMIT, inspected.outcome());
        assertEquals(1, inspected.findings().size(), "the card before the bound only");

        Inspector tight = BuiltinEngine.inspector(InspectionLimits.builder().maxInspectedBytes(head.length()).build());
        Run higher = run(tight, null, wire.length, wire, random, 700);
        assertEquals(Outcome.COMPLETE, higher.result().outcome());
        assertEquals(body.replace(CARD, MASKED), new String(higher.out(), StandardCharsets.UTF_8));
    }

    @Test
    void pastTheInspectedLimitAnEncodedBodyGoesOnDecoded() {
        String head = "{\"first\":\"" + CARD + "\",\"pad\":\"";
        StringBuilder pad = new StringBuilder();
        Random text = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            pad.append((char) ('a' + text.nextInt(26)));
        }
        String body = head + pad + "\",\"second\":\"" + CARD + "\"}";
        byte[] wire = Encodings.gzip(body.getBytes(StandardCharsets.UTF_8));
        Inspector inspector = BuiltinEngine.inspector(InspectionLimits.builder().maxInspectedBytes(wire.length / 2)
                .build());
        for (int i = 0; i < 10; i++) {
            Run r = run(inspector, "gzip", wire, new Random(i), 900);
            assertEquals(Outcome.INSPECTED_BYTES_LIMIT, r.result().outcome());
            assertTrue(r.complete());
            assertEquals(body.replaceFirst(CARD, MASKED), new String(r.out(), StandardCharsets.UTF_8));
        }
    }

    /** The output lacks what was not decoded, and the session says so: the front end must not end it as whole. */
    @Test
    void aBodyThatDecodesPastItsLimitIsNotCutShortSilently() {
        String body = "{\"first\":\"" + CARD + "\",\"pad\":\"" + "q".repeat(100_000) + "\"}";
        byte[] plain = body.getBytes(StandardCharsets.UTF_8);
        Inspector inspector = BuiltinEngine.inspector(InspectionLimits.builder().maxDecompressedBytes(50_000).build());
        Run r = run(inspector, "gzip", Encodings.gzip(plain), new Random(3), 200);
        assertEquals(Outcome.DECOMPRESSED_SIZE_LIMIT, r.result().outcome());
        assertFalse(r.complete());
        assertEquals(50_000, r.out().length);
        assertEquals(body.replaceFirst(CARD, MASKED).substring(0, 50_000), new String(r.out(), StandardCharsets.UTF_8));
    }
}
