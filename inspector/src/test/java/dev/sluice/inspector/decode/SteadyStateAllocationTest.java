package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.encoder.Encoder;
import com.sun.management.ThreadMXBean;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Once a stage is set up, decoding allocates (next to) nothing per chunk: buffers are owned by the
 * stage and reused. Two libraries allocate a little per native call, which our code cannot avoid:
 * brotli4j hands every pulled step out as a new direct-buffer view, and zstd-jni's JDK 22+ code
 * path wraps both arrays in a heap {@code MemorySegment} per call (about 144 bytes, which C2 often
 * removes once the call site is hot). Their allowances cover one such call per chunk.
 */
class SteadyStateAllocationTest {
    private static final int CHUNK = 512;

    @ParameterizedTest
    @CsvSource({"gzip, 16", "deflate, 16", "zstd, 320", "br, 256"})
    void decodingAllocatesAtMostAFewBytesPerChunk(String coding, int allowedBytesPerChunk) {
        byte[] text = Encodings.text(4 << 20, 71);
        byte[] encoded = switch (coding) {
            case "gzip" -> Encodings.gzip(text);
            case "deflate" -> Encodings.zlib(text);
            case "zstd" -> Encodings.zstd(text);
            default -> Encodings.brotli(text, new Encoder.Parameters().setQuality(5));
        };
        Decoding d = new Decoding(coding, InspectionLimits.defaults(), new CollectingSink(0));
        int quarter = encoded.length / 4 / CHUNK * CHUNK;
        int pos = write(d, encoded, 0, quarter); // warm up: lazy allocations, class loading
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        // The least of three windows: a one-off allocation (JIT, a library's lazy init) may land
        // in any one of them, a per-chunk allocation lands in all.
        long least = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            long before = threads.getThreadAllocatedBytes(tid);
            int next = write(d, encoded, pos, quarter);
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            least = Math.min(least, allocated / ((next - pos) / CHUNK));
            pos = next;
        }
        d.sink.write(encoded, pos, encoded.length - pos);
        d.sink.end();
        Assertions.assertEquals(Outcome.COMPLETE, d.outcomes.outcome());
        assertTrue(least <= allowedBytesPerChunk, coding + " allocated " + least + " bytes per chunk");
    }

    private static int write(Decoding d, byte[] encoded, int from, int length) {
        int pos = from;
        for (; pos + CHUNK <= from + length; pos += CHUNK) {
            d.sink.write(encoded, pos, CHUNK);
        }
        return pos;
    }
}
