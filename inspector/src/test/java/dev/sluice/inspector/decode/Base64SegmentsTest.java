package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Base64Segments}: offsets come back in the order recorded while the ring grows and wraps,
 * and past {@link Base64Segments#MAX} waiting the newest are dropped, not the oldest.
 */
class Base64SegmentsTest {
    @Test
    void offsetsComeBackInOrderAcrossGrowthAndWrap() {
        Base64Segments s = new Base64Segments();
        long next = 0;
        long expected = 0;
        // Take a few now and then, so that the ring wraps before it grows.
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 40; i++) {
                s.ended(next++);
            }
            for (int i = 0; i < 30; i++) {
                assertEquals(expected++, s.next());
                s.take();
            }
        }
        while (s.next() >= 0) {
            assertEquals(expected++, s.next());
            s.take();
        }
        assertEquals(next, expected);
    }

    @Test
    void pastTheMaximumTheNewestAreDropped() {
        Base64Segments s = new Base64Segments();
        for (int i = 0; i < Base64Segments.MAX + 100; i++) {
            s.ended(i);
        }
        for (int i = 0; i < Base64Segments.MAX; i++) {
            assertEquals(i, s.next());
            s.take();
        }
        assertEquals(-1, s.next());
    }
}
