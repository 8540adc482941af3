package dev.sluice.grpc.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTextsTest {

    @Test
    void repeatedKeysReuseTheirText() {
        KeyTexts cache = new KeyTexts();
        byte[] buf = "xxenvxx".getBytes(StandardCharsets.UTF_8);
        String first = cache.text(buf, 2, 5);
        assertEquals("env", first);
        assertSame(first, cache.text("env".getBytes(StandardCharsets.UTF_8), 0, 3));
    }

    @Test
    void anyKeyReadsAsItsOwnText() {
        KeyTexts cache = new KeyTexts();
        Random rnd = new Random(3);
        for (int i = 0; i < 5000; i++) {
            byte[] key = new byte[rnd.nextInt(rnd.nextBoolean() ? 8 : 100)];
            for (int j = 0; j < key.length; j++) {
                key[j] = (byte) ('a' + rnd.nextInt(3)); // few letters: many slot collisions
            }
            assertEquals(new String(key, StandardCharsets.UTF_8), cache.text(key, 0, key.length));
        }
    }

    @Test
    void invalidUtf8IsReplacedAndLongKeysAreCut() {
        KeyTexts cache = new KeyTexts();
        assertEquals("a\uFFFD", cache.text(new byte[] {'a', (byte) 0xff}, 0, 2));
        byte[] longKey = "k".repeat(2000).getBytes(StandardCharsets.UTF_8);
        assertEquals(FieldPath.MAX_KEY_CHARS * 4, cache.text(longKey, 0, longKey.length).length());
    }
}
