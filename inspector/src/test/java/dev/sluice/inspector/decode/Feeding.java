package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import java.util.Arrays;
import java.util.Random;

/** Feeds bytes to a sink in chunks, each chunk a fresh copy so no stage can rely on the caller's buffer. */
final class Feeding {
    private Feeding() {
    }

    static void inChunksOf(ByteSink sink, byte[] data, int chunk) {
        for (int pos = 0; pos < data.length; pos += chunk) {
            int n = Math.min(chunk, data.length - pos);
            write(sink, data, pos, n);
        }
    }

    /** Chunks of random size 1..maxChunk from a seeded Random. */
    static void randomly(ByteSink sink, byte[] data, long seed, int maxChunk) {
        Random r = new Random(seed);
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(1 + r.nextInt(maxChunk), data.length - pos);
            write(sink, data, pos, n);
            pos += n;
        }
    }

    /** Writes a copy placed at an offset inside a larger array, then scribbles over it. */
    private static void write(ByteSink sink, byte[] data, int pos, int n) {
        byte[] copy = new byte[n + 7];
        System.arraycopy(data, pos, copy, 3, n);
        sink.write(copy, 3, n);
        Arrays.fill(copy, (byte) 0x5a);
    }
}
