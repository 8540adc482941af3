package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The remembered search for the end of a bare value answers every question as reading the
 * window afresh would: seeded streams of words, {@code =} and delimiters, asked about in
 * stream order (as captures come), sometimes further back or with a nearer limit.
 */
class BareValueEndsTest {
    private static final String BYTES = "password=abc&x;,\" '\n)]}<>`\\0123456789";

    @RepeatedTest(200)
    void answersAsReadingAfreshWould(RepetitionInfo rep) {
        Random r = new Random(9100 + rep.getCurrentRepetition());
        DecodedWindow window = new DecodedWindow(1 << 16);
        int n = 200 + r.nextInt(4000);
        int delimiters = 1 + r.nextInt(40); // one byte in this many may end a value
        for (int i = 0; i < n; i++) {
            char c = r.nextInt(delimiters) == 0 ? BYTES.charAt(9 + r.nextInt(BYTES.length() - 9)) : BYTES.charAt(r.nextInt(9));
            window.append((byte) c);
        }
        BareValueEnds ends = new BareValueEnds();
        long q = 0;
        for (int ask = 0; ask < 300; ask++) {
            q = r.nextInt(5) == 0 ? r.nextInt(n) : Math.min(n - 1, q + r.nextInt(12));
            long limit = Math.min(n, q + (r.nextBoolean() ? 256 : r.nextInt(300)));
            assertEquals(afresh(window, q, limit), ends.next(window, q, limit), "at " + q + " up to " + limit);
        }
    }

    private static long afresh(DecodedWindow window, long q, long limit) {
        while (q < limit && !KeyAnchors.isValueDelimiter(window.at(q))) {
            q++;
        }
        return q;
    }
}
