package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated, truncated and random bodies under every coding: whatever the bytes, nothing is thrown,
 * downstream is ended exactly once, nothing is written after that, and the limit holds.
 */
class HostileInputTest {
    private static final int CASES = 300;
    private static final long LIMIT = 256 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd", "gzip, br", "zstd, deflate"})
    void noInputMakesAStageThrowOrBreakItsContract(String header) {
        byte[] text = Encodings.text(50_000, 61);
        byte[] valid = switch (header) {
            case "gzip" -> Encodings.gzip(text);
            case "deflate" -> Encodings.rawDeflate(text);
            case "br" -> Encodings.brotli(text);
            case "zstd" -> Encodings.zstd(text);
            case "gzip, br" -> Encodings.brotli(Encodings.gzip(text));
            default -> Encodings.zlib(Encodings.zstd(text));
        };
        InspectionLimits limits = InspectionLimits.builder().maxDecompressedBytes(LIMIT).build();
        Random r = new Random(header.hashCode());
        int complete = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = mutate(valid, r, i);
            Decoding d = new Decoding(header, limits, new CollectingSink(0));
            Feeding.randomly(d.sink, body, i, 1 + r.nextInt(2_000));
            d.sink.end();
            String why = header + " case " + i + ": " + d.outcomes;
            assertEquals(1, d.down.ends(), why);
            assertFalse(d.down.wroteAfterEnd(), why);
            assertTrue(d.down.delivered() <= LIMIT, why);
            if (d.outcomes.outcome() == Outcome.COMPLETE) {
                complete++;
            }
        }
        assertTrue(complete < CASES, "mutations must be noticed at least sometimes");
    }

    private static byte[] mutate(byte[] valid, Random r, int i) {
        switch (i % 4) {
            case 0 -> {
                byte[] b = valid.clone();
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(valid, r.nextInt(valid.length));
            }
            case 2 -> {
                byte[] b = valid.clone();
                int at = r.nextInt(b.length);
                byte[] noise = Encodings.randomBytes(Math.min(64, b.length - at), r.nextLong());
                System.arraycopy(noise, 0, b, at, noise.length);
                return b;
            }
            default -> {
                return Encodings.randomBytes(1 + r.nextInt(5_000), r.nextLong());
            }
        }
    }
}
