package dev.sluice.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Times variants of one operation in interleaved rounds in one JVM: each round runs every
 * variant back to back, in rotating order, so background load on a shared machine hits them
 * alike, and the ratio to the first variant (the baseline) is taken per round. Prints, as a
 * Markdown table, the best and median round's time per operation, the median round ratio and
 * the bytes allocated per operation.
 */
final class InterleavedRounds {
    private final String[] names;
    private final int rounds;
    private final int warmupRounds;
    private final int opsPerRound;

    InterleavedRounds(String[] names, int rounds, int warmupRounds, int opsPerRound) {
        this.names = names.clone();
        this.rounds = rounds;
        this.warmupRounds = warmupRounds;
        this.opsPerRound = opsPerRound;
    }

    /** Runs variant {@code k} of the operation with {@code run.applyAsLong(k)} and prints the table. */
    void run(IntToLongFunction run) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int measured = rounds - warmupRounds;
        long[][] nanos = new long[names.length][measured];
        long[] alloc = new long[names.length];
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            // Rotate the order so no variant always runs first (warmest caches, quietest moment).
            for (int j = 0; j < names.length; j++) {
                int k = (j + round) % names.length;
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < opsPerRound; i++) {
                    sink += run.applyAsLong(k);
                }
                long t = (System.nanoTime() - t0) / opsPerRound;
                long bytes = (mx.getCurrentThreadAllocatedBytes() - a0) / opsPerRound;
                if (round >= warmupRounds) {
                    nanos[k][round - warmupRounds] = t;
                    alloc[k] = bytes;
                }
            }
        }
        System.out.println("| operation | ms/op (best round) | ms/op (median round) | median round ratio to "
                + names[0] + " | bytes allocated/op |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int k = 0; k < names.length; k++) {
            double[] ratio = new double[measured];
            for (int r = 0; r < measured; r++) {
                ratio[r] = nanos[k][r] / (double) nanos[0][r];
            }
            Arrays.sort(ratio);
            long[] sorted = nanos[k].clone();
            Arrays.sort(sorted);
            System.out.printf("| `%s` | %.3f | %.3f | %.3f | %,d |%n", names[k], sorted[0] / 1e6,
                    sorted[measured / 2] / 1e6, ratio[measured / 2], alloc[k]);
        }
        System.out.println(sink == 0 ? "(nothing measured?)" : "");
    }
}
