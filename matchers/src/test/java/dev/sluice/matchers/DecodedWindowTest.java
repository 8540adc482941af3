package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ring grows while the body is short and then keeps exactly the last {@code capacity} bytes. */
class DecodedWindowTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void holdsTheLastCapacityBytesWhateverTheAppendSizes(long seed) {
        Random random = new Random(seed);
        int capacity = 1 << (11 + random.nextInt(4));
        DecodedWindow w = new DecodedWindow(capacity);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int total = capacity * 3 + random.nextInt(capacity);
        while (all.size() < total) {
            if (random.nextInt(4) == 0) {
                byte b = (byte) random.nextInt();
                w.append(b);
                all.write(b);
            } else {
                byte[] chunk = new byte[1 + random.nextInt(capacity / 2)];
                random.nextBytes(chunk);
                w.append(chunk, 0, chunk.length);
                all.writeBytes(chunk);
            }
            byte[] ref = all.toByteArray();
            assertEquals(ref.length, w.end());
            assertEquals(Math.max(0, ref.length - capacity), w.start());
            int n = (int) (w.end() - w.start());
            byte[] held = new byte[n];
            w.copy(w.start(), held, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(ref[(int) w.start() + i], held[i]);
            }
            assertTrue(w.holds(w.start(), w.end()));
        }
        assertEquals(capacity, w.capacity());
    }
}
