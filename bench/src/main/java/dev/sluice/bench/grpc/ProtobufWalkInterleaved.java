package dev.sluice.bench.grpc;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * The {@link ProtobufWalkBenchmark} operations timed in interleaved rounds in one JVM, best round
 * kept, with bytes allocated per operation: on a shared, noisy machine, where JMH's separate
 * forks see different background load, this compares the variants under the same conditions.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sluice.bench.grpc.ProtobufWalkInterleaved
 * </pre>
 */
public final class ProtobufWalkInterleaved {
    private static final String[] NAMES = {"schemaWalker", "schemalessWalker", "dynamicMessageParse",
        "dynamicMessageParseAndVisit", "codedInputStreamSkim"};
    private static final int ROUNDS = 40;
    private static final int WARMUP_ROUNDS = 6;
    private static final int OPS_PER_ROUND = 200;

    private ProtobufWalkInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        ProtobufWalkBenchmark b = new ProtobufWalkBenchmark();
        b.load();
        long[] best = new long[NAMES.length];
        long[] alloc = new long[NAMES.length];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < NAMES.length; k++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < OPS_PER_ROUND; i++) {
                    sink += run(b, k);
                }
                long nanos = (System.nanoTime() - t0) / OPS_PER_ROUND;
                long bytes = (mx.getCurrentThreadAllocatedBytes() - a0) / OPS_PER_ROUND;
                if (round >= WARMUP_ROUNDS) {
                    best[k] = Math.min(best[k], nanos);
                    alloc[k] = bytes;
                }
            }
        }
        System.out.println("| operation | µs/op (best round) | ratio to dynamicMessageParse | bytes allocated/op |");
        System.out.println("|---|---:|---:|---:|");
        for (int k = 0; k < NAMES.length; k++) {
            System.out.printf("| `%s` | %.1f | %.2f | %d |%n", NAMES[k], best[k] / 1000.0,
                    best[k] / (double) best[2], alloc[k]);
        }
        System.out.println(sink == 0 ? "(empty corpus?)" : "");
    }

    private static long run(ProtobufWalkBenchmark b, int k) throws Exception {
        return switch (k) {
            case 0 -> b.schemaWalker();
            case 1 -> b.schemalessWalker();
            case 2 -> b.dynamicMessageParse();
            case 3 -> b.dynamicMessageParseAndVisit();
            default -> b.codedInputStreamSkim();
        };
    }
}
