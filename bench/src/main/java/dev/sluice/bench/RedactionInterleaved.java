package dev.sluice.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The {@link RedactionBenchmark} operations timed in interleaved rounds in one JVM: each round
 * runs the three variants back to back, so background load on a shared machine hits them alike,
 * and the ratio to plain inspection is taken per round; the median round ratio and the best
 * round's time are printed, with bytes allocated per operation.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g -XX:+UseParallelGC -Dsluice.shared=../shared \
 *     -cp bench/target/benchmarks.jar dev.sluice.bench.RedactionInterleaved
 * </pre>
 */
public final class RedactionInterleaved {
    private static final String[] NAMES = {"plainInspection", "rewritingDefaultPolicy", "rewritingRedactAll"};
    private static final int ROUNDS = 60;
    private static final int WARMUP_ROUNDS = 15;
    private static final int OPS_PER_ROUND = 10;

    private RedactionInterleaved() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        RedactionBenchmark b = new RedactionBenchmark();
        RedactionBenchmark.Corpus c = new RedactionBenchmark.Corpus();
        c.setUp();
        int measured = ROUNDS - WARMUP_ROUNDS;
        long[][] nanos = new long[NAMES.length][measured];
        long[] alloc = new long[NAMES.length];
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // Rotate the order so no variant always runs first (warmest caches, quietest moment).
            for (int j = 0; j < NAMES.length; j++) {
                int k = (j + round) % NAMES.length;
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < OPS_PER_ROUND; i++) {
                    sink += run(b, c, k);
                }
                long t = (System.nanoTime() - t0) / OPS_PER_ROUND;
                long bytes = (mx.getCurrentThreadAllocatedBytes() - a0) / OPS_PER_ROUND;
                if (round >= WARMUP_ROUNDS) {
                    nanos[k][round - WARMUP_ROUNDS] = t;
                    alloc[k] = bytes;
                }
            }
        }
        System.out.println("| operation | ms/op (best round) | ms/op (median round) | median round ratio to plainInspection | bytes allocated/op |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int k = 0; k < NAMES.length; k++) {
            double[] ratio = new double[measured];
            for (int r = 0; r < measured; r++) {
                ratio[r] = nanos[k][r] / (double) nanos[0][r];
            }
            Arrays.sort(ratio);
            long[] sorted = nanos[k].clone();
            Arrays.sort(sorted);
            System.out.printf("| `%s` | %.2f | %.2f | %.3f | %,d |%n", NAMES[k], sorted[0] / 1e6,
                    sorted[measured / 2] / 1e6, ratio[measured / 2], alloc[k]);
        }
        c.tearDown();
        System.out.println(sink == 0 ? "(empty corpus?)" : "");
    }

    private static long run(RedactionBenchmark b, RedactionBenchmark.Corpus c, int k) {
        return switch (k) {
            case 0 -> b.plainInspection(c);
            case 1 -> b.rewritingDefaultPolicy(c);
            default -> b.rewritingRedactAll(c);
        };
    }
}
