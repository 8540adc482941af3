package dev.sluice.bench;

/**
 * The {@link RedactionBenchmark} operations timed in interleaved rounds in one JVM
 * ({@link InterleavedRounds}): the ratio to plain inspection is taken per round.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g -XX:+UseParallelGC -Dsluice.shared=../shared \
 *     -cp bench/target/benchmarks.jar dev.sluice.bench.RedactionInterleaved
 * </pre>
 */
public final class RedactionInterleaved {
    private static final String[] NAMES = {"plainInspection", "rewritingDefaultPolicy", "rewritingRedactAll"};

    private RedactionInterleaved() {
    }

    public static void main(String[] args) {
        RedactionBenchmark b = new RedactionBenchmark();
        RedactionBenchmark.Corpus c = new RedactionBenchmark.Corpus();
        c.setUp();
        new InterleavedRounds(NAMES, 60, 15, 10).run(k -> switch (k) {
            case 0 -> b.plainInspection(c);
            case 1 -> b.rewritingDefaultPolicy(c);
            default -> b.rewritingRedactAll(c);
        });
        c.tearDown();
    }
}
