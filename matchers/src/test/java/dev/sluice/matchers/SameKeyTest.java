package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyAnchors#sameKey} answers the last key exactly when {@link KeyAnchors#extractKey} would
 * read a key equal to it: anchors drawn from seeds, with quotes, brackets, blanks and separators
 * where a key may end or go on, asked against the key of an earlier anchor.
 */
class SameKeyTest {
    private static final String[] PIECES = {"a", "b", "key", "_", "-", "[", "]", "\"", "'", " ", "\t", ":", "=", ">",
        "<", "data[", "user]", "x"};

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theLastKeyIsAnsweredWhenTheAnchorReadsIt(long seed) {
        Random r = new Random(seed);
        String earlier = anchor(r);
        String later = r.nextBoolean() ? earlier : r.nextBoolean() ? earlier + PIECES[r.nextInt(PIECES.length)] : anchor(r);
        DecodedWindow w = new DecodedWindow(256);
        byte[] a = earlier.getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = later.getBytes(StandardCharsets.ISO_8859_1);
        w.append(a, 0, a.length);
        w.append(b, 0, b.length);
        String key = KeyAnchors.extractKey(w, 0, a.length);
        if (key == null) {
            return;
        }
        String expected = KeyAnchors.extractKey(w, a.length, a.length + b.length);
        String same = KeyAnchors.sameKey(w, a.length, a.length + b.length, key);
        if (key.equals(expected)) {
            assertSame(key, same, () -> earlier + " then " + later);
        } else {
            assertNull(same, () -> earlier + " then " + later + ": " + expected);
        }
        assertEquals(key, KeyAnchors.sameKey(w, 0, a.length, key));
    }

    private static String anchor(Random r) {
        StringBuilder sb = new StringBuilder(r.nextInt(4) == 0 ? "<" : "");
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }
}
