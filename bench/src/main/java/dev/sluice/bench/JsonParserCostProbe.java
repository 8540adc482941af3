package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.inspector.InspectionLimits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Not a JMH benchmark: the inspector's JSON parser against the bare Jackson pass of
 * {@link JsonInspectionBenchmark}, alternating one body each, timed in thread CPU time. On a
 * machine shared with other work, wall-clock throughput swings by 2× between runs; CPU time
 * of alternating rounds gives a ratio that moves by a point or two. The first third of the
 * rounds warm up and are dropped; prints best and median MiB/s and their ratio.
 *
 * <pre>java -Dsluice.shared=../shared -cp bench/target/benchmarks.jar dev.sluice.bench.JsonParserCostProbe 64 9</pre>
 */
public final class JsonParserCostProbe {
    private JsonParserCostProbe() {
    }

    public static void main(String[] args) throws IOException {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        byte[] body = RepeatedJsonBody.build(LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir()),
                sizeMb * RepeatedJsonBody.MIB);
        InspectionLimits limits = InspectionLimits.builder().maxInspectedBytes(body.length).build();
        JsonFactory jackson = new JsonFactory();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] jacksonNs = new long[rounds];
        long[] parserNs = new long[rounds];
        long check = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            check += JsonInspectionBenchmark.jacksonPass(jackson, body);
            long t1 = cpu.getCurrentThreadCpuTime();
            CountingSink sink = new CountingSink();
            JsonBodyFeeder.requireComplete(JsonBodyFeeder.parse(body, JsonInspectionBenchmark.CHUNK, limits, sink, () -> { }));
            check += sink.values;
            long t2 = cpu.getCurrentThreadCpuTime();
            jacksonNs[r] = t1 - t0;
            parserNs[r] = t2 - t1;
        }
        long[] j = measured(jacksonNs);
        long[] p = measured(parserNs);
        double mib = body.length / (double) RepeatedJsonBody.MIB;
        System.out.printf("%d MiB (check %d): jacksonTokenPass best %.0f, median %.0f MiB/s; inspectorParserAlone best %.0f,"
                        + " median %.0f MiB/s; parser/jackson best %.1f %%, median %.1f %%%n",
                sizeMb, check, mib / (j[0] / 1e9), mib / (j[j.length / 2] / 1e9), mib / (p[0] / 1e9),
                mib / (p[p.length / 2] / 1e9), 100.0 * j[0] / p[0], 100.0 * j[j.length / 2] / p[p.length / 2]);
    }

    /** The rounds after warm-up, sorted. */
    private static long[] measured(long[] ns) {
        long[] m = Arrays.copyOfRange(ns, ns.length / 3, ns.length);
        Arrays.sort(m);
        return m;
    }
}
