package dev.sluice.matchers;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.bench.JsonBodyFeeder;
import dev.sluice.bench.JsonInspectionBenchmark;
import dev.sluice.bench.LeakDevCorpus;
import dev.sluice.bench.RepeatedJsonBody;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor under JSON inspection with the built-in catalog: thread CPU microseconds (best of
 * {@value #ROUNDS}, after a warm-up) of the JSON benchmark's baseline (a bare Jackson non-blocking
 * token pass, {@link JsonInspectionBenchmark#jacksonPass}) over a JSON body, and of each
 * Hyperscan database the engine compiles for responses (main, class-led candidates, key anchors,
 * context-only) over
 * the body's values as the inspector's parser decodes them (JsonBodyFeeder.decodedValues),
 * NUL-separated, in 16 KiB writes. Nothing else: no parsing into values, no validation, no
 * findings. Inspection cannot cost less than the token pass plus the
 * main, class-led and anchor databases. It sits in the matchers' package because the compiled databases are not
 * public; it reads them and changes nothing.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -Dsluice.shared=../shared -cp
 * bench/target/benchmarks.jar dev.sluice.matchers.ScanFloorProbe FILE|leak-dev:MIB ...}: a
 * {@code leak-dev:1} argument is the JSON benchmark's body, the leak-dev JSON documents
 * repeated to 1 MiB.
 */
public final class ScanFloorProbe {
    private static final int ROUNDS = 200;
    private static final String LEAK_DEV = "leak-dev:";
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ScanFloorProbe() {
    }

    public static void main(String[] args) throws IOException {
        JsonFactory jackson = new JsonFactory();
        try (MatchEngine engine = MatchEngine.builtin()) {
            MatchEngine.Compiled c = engine.compiled(Direction.RESPONSE);
            for (String file : args) {
                byte[] body = file.startsWith(LEAK_DEV)
                        ? RepeatedJsonBody.build(LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir()),
                                Integer.parseInt(file.substring(LEAK_DEV.length())) * RepeatedJsonBody.MIB)
                        : Files.readAllBytes(Path.of(file));
                byte[] values = JsonBodyFeeder.decodedValues(body);
                System.out.printf("%s: %d bytes, %d bytes of values; µs CPU: jackson token pass %.1f, main database %.1f,"
                                + " class-led candidates %.1f, key anchors %.1f, context-only %.1f%n", file, body.length,
                        values.length, best(() -> tokenPass(jackson, body)), best(() -> scan(c.databases().scanner(), values)),
                        best(() -> scan(c.databases().classLedScanner(), values)),
                        best(() -> scan(c.databases().anchorScanner(), values)), best(() -> scan(c.databases().contextScanner(), values)));
            }
        }
    }

    private static void tokenPass(JsonFactory jackson, byte[] body) {
        try {
            JsonInspectionBenchmark.jacksonPass(jackson, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void scan(StreamScanner scanner, byte[] values) {
        if (scanner == null) {
            return;
        }
        try (StreamScanner.Stream s = scanner.open()) {
            for (int off = 0; off < values.length; off += JsonInspectionBenchmark.CHUNK) {
                s.scan(values, off, Math.min(JsonInspectionBenchmark.CHUNK, values.length - off), (id, from, to) -> { });
            }
        }
    }

    /** Best of the rounds after a second of warm-up (the JIT compiles the token pass meanwhile). */
    private static double best(Runnable work) {
        for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; ) {
            work.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            work.run();
            best = Math.min(best, CPU.getCurrentThreadCpuTime() - t0);
        }
        return best / 1e3;
    }
}
