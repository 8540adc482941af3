package dev.sluice.bench;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.MediaKind;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * CPU time per body of one JSON response inspected the way a proxy hands it over (16 KiB
 * chunks, built-in catalog, default limits): warms up for a while, then prints the inspecting
 * thread's CPU microseconds per body (thread CPU time, which other processes on a 2-core
 * machine disturb less than wall time) and findings per body. The load harness's fixtures
 * ({@code bench/load/run-load} writes them under {@code $OUT/www}) are the usual input.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.sluice.bench.BodyCostProbe FILE [measureSeconds [warmupSeconds [request|response|head|response-head
 * [chunkBytes]]]]} (a request body, as a POST's, meets the request catalog: attack signatures as
 * well; {@code head} reads FILE as a request head, {@code message/http}, as every front end
 * inspects one, and {@code response-head} as a response's; {@code chunkBytes}, 16 KiB by default,
 * is how much each feed hands over: a client can send a body in chunks of one byte).
 * {@code -Dprobe.contentType=application/xml} reads a body of another type than JSON.
 */
public final class BodyCostProbe {
    static final int CHUNK = 16 * 1024;

    private BodyCostProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println(
                    "usage: BodyCostProbe FILE [measureSeconds [warmupSeconds [request|response|head|response-head [chunkBytes]]]]");
            System.exit(2);
        }
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        long measure = args.length > 1 ? Long.parseLong(args[1]) : 8;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 5;
        String kind = args.length > 3 ? args[3] : "response";
        int chunk = args.length > 4 ? Integer.parseInt(args[4]) : CHUNK;
        Direction direction = kind.startsWith("response") ? Direction.RESPONSE : Direction.REQUEST;
        String contentType = kind.endsWith("head") ? MediaKind.HTTP_MESSAGE
                : System.getProperty("probe.contentType", "application/json");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (MatchEngine engine = MatchEngine.builtin()) {
            Inspector inspector = new Inspector(engine, InspectionLimits.defaults());
            run(inspector, direction, contentType, body, chunk, warmup);
            long cpu0 = cpu.getCurrentThreadCpuTime();
            long[] done = run(inspector, direction, contentType, body, chunk, measure);
            double micros = (cpu.getCurrentThreadCpuTime() - cpu0) / 1e3 / done[0];
            System.out.printf("%s: %d bodies, %.1f us CPU per body, %.1f MiB/s, %d findings per body%n",
                    Path.of(args[0]).getFileName(), done[0], micros, body.length / micros * 1e6 / (1 << 20),
                    done[1] / done[0]);
        }
    }

    /** As {@link #run(Inspector, Direction, String, byte[], int, long)} in 16 KiB chunks. */
    static long[] run(Inspector inspector, Direction direction, String contentType, byte[] body, long seconds) {
        return run(inspector, direction, contentType, body, CHUNK, seconds);
    }

    /** Inspects {@code body}, {@code chunk} bytes a feed, over and over for {@code seconds}; returns bodies and findings. */
    static long[] run(Inspector inspector, Direction direction, String contentType, byte[] body, int chunk,
                      long seconds) {
        return run(() -> inspector.open(direction, contentType, null), body, chunk, seconds);
    }

    /**
     * Feeds {@code body}, {@code chunk} bytes a feed, to sessions {@code open} makes, one per body,
     * over and over for {@code seconds}; returns bodies and findings.
     */
    static long[] run(Supplier<InspectionSession> open, byte[] body, int chunk, long seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long bodies = 0;
        long findings = 0;
        while (System.nanoTime() < end) {
            try (InspectionSession s = open.get()) {
                for (int off = 0; off < body.length; off += chunk) {
                    s.feed(body, off, Math.min(chunk, body.length - off));
                }
                findings += s.finish().findings().size();
            }
            bodies++;
        }
        return new long[] {bodies, findings};
    }
}
