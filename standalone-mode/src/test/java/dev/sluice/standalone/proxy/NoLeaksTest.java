package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** The leak check can fail: a buffer dropped unreleased is reported to {@link RecordingLeakDetector}. */
class NoLeaksTest {

    @Test
    void anUnreleasedBufferIsReported() throws InterruptedException {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        leak();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (RecordingLeakDetector.LEAKS.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
            PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
        }
        boolean reported = !RecordingLeakDetector.LEAKS.isEmpty();
        RecordingLeakDetector.LEAKS.clear();
        assertTrue(reported, "the deliberate leak was not reported");
    }

    private static void leak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(42);
    }
}
