package dev.sluice.matchers.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tag read with the attribute reads of the value's earlier tags ({@link AttributeChain}) must
 * say what it says read on its own, for every {@code <} of the value in order: values of tags,
 * attributes, quotes and handlers drawn from seeds, long enough that tags reach their scan limit
 * and their attribute count.
 */
class AttributeChainTest {
    private static final String[] PIECES = {"<a ", "<a ", "<a ", "<img ", "<x", "</", " ", " ", "/", ">", "=", "\"",
        "'", "`", "a", "b", "\t", "x=1 ", "title=\"", "onerror=alert(1)", "onclick", "online=1 ", "src=javascript:alert(1)",
        "srcdoc=", "style=x", "expression(", "<meta ", "http-equiv=refresh", "<style>", "data:text/html", "<a=b "};

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aTagReadsAsItDoesAlone(long seed) {
        Random r = new Random(seed);
        byte[] b = value(r, r.nextInt(4) == 0 ? 3_000 + r.nextInt(6_000) : 20 + r.nextInt(800));
        int off = r.nextInt(3);
        int end = b.length - r.nextInt(3);
        AttributeChain chain = new AttributeChain();
        for (int lt = off; lt < end; lt++) {
            if (b[lt] == '<') {
                int at = lt;
                boolean alone = HtmlTagScanner.tag(b, lt, end, null);
                assertEquals(alone, HtmlTagScanner.tag(b, lt, end, chain),
                        () -> "the tag at " + at + " in " + new String(b, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * Long quoted values and no tag end: tags reach their scan limit in the middle of a value, where
     * a read stops short; a later tag, whose limit lies further on, reads that value whole.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void aReadCutByATagsScanLimitIsReadWholeByLaterTags(long seed) {
        Random r = new Random(seed);
        String[] pieces = {"<a ", " t=\"", "\"", " u='", "'", "x".repeat(40), "y".repeat(300), " onerror=alert(1) ", " ",
            "<b c=1 "};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 5_000 + r.nextInt(5_000)) {
            sb.append(pieces[r.nextInt(pieces.length)]);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
        AttributeChain chain = new AttributeChain();
        for (int lt = 0; lt < b.length; lt++) {
            if (b[lt] == '<') {
                int at = lt;
                assertEquals(HtmlTagScanner.tag(b, lt, b.length, null), HtmlTagScanner.tag(b, lt, b.length, chain),
                        () -> "the tag at " + at + " in " + new String(b, StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void theDrawsHoldTagsThatRunScriptAndTagsThatDoNot() {
        int yes = 0;
        int no = 0;
        for (long seed : seeds().toArray()) {
            Random r = new Random(seed);
            byte[] b = value(r, 400);
            for (int lt = 0; lt < b.length; lt++) {
                if (b[lt] == '<') {
                    if (HtmlTagScanner.tag(b, lt, b.length, null)) {
                        yes++;
                    } else {
                        no++;
                    }
                }
            }
        }
        assertTrue(yes >= 1_000 && no >= 1_000, "run script " + yes + ", do not " + no);
    }

    @Test
    void aHandlerPastTheFirstTagsLastAttributeIsFoundByTheTagsNearIt() {
        String v = "<a ".repeat(100) + "onerror=alert(1)>";
        byte[] b = v.getBytes(StandardCharsets.US_ASCII);
        AttributeChain chain = new AttributeChain();
        for (int tag = 0; tag < 100; tag++) {
            boolean found = HtmlTagScanner.tag(b, tag * 3, b.length, chain);
            // A tag reads at most 64 attributes: the handler is the 100 - tag th after its name.
            assertEquals(100 - tag <= HtmlTagScanner.MAX_ATTRIBUTES, found, "tag " + tag);
        }
        assertFalse(XssValidator.detect(("<a ".repeat(100) + "x").getBytes(StandardCharsets.US_ASCII), 0, 301));
        assertTrue(XssValidator.detect(b, 0, b.length));
    }

    @Test
    void theChainHoldsNoMoreThanOneTagsReach() {
        byte[] b = "<a ".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        AttributeChain chain = new AttributeChain();
        int most = 0;
        for (int lt = 0; lt < b.length; lt += 3) {
            assertFalse(HtmlTagScanner.tag(b, lt, b.length, chain));
            most = Math.max(most, chain.held());
        }
        assertTrue(most > 60 && most <= HtmlTagScanner.MAX_TAG_SCAN + 1, "tops held at most: " + most);
    }

    private static byte[] value(Random r, int size) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
