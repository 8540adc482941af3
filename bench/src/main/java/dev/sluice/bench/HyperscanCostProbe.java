package dev.sluice.bench;

import dev.sluice.matchers.Detector;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.PatternSpec;
import dev.sluice.matchers.ValueMode;
import dev.sluice.matchers.hyperscan.MatchHandler;
import dev.sluice.matchers.hyperscan.PatternDatabase;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What each detector of the built-in catalog costs Hyperscan: scans the decoded values of the
 * benchmark body (what a scan session hands Hyperscan, NUL-separated) through one stream in
 * 16 KiB steps, with the whole response-side catalog, with each detector alone and with all
 * but each detector, and prints MiB of decoded values per CPU-second (thread CPU time, best of
 * {@value #ROUNDS}, so that other processes on the machine disturb it less than wall time).
 * Each further argument is a comma-separated group of detector ids: the catalog without
 * that group and the group alone are timed too. The free-text key anchors the engine adds
 * are left out; alone they scan at over 1 GB/s. Patterns the engine finds in Java instead
 * (class runs such as {@code aws_secret_access_key}'s) are timed here as Hyperscan would run them.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -Dsluice.shared=../shared -cp
 * bench/target/benchmarks.jar dev.sluice.bench.HyperscanCostProbe [sizeMb [id,id,... ...]]};
 * {@code -Dprobe.body=FILE} scans one JSON document of one's own, repeated in an array to
 * {@code sizeMb}, and {@code -Dprobe.direction=request} that direction's catalog (attack
 * signatures included).
 */
public final class HyperscanCostProbe {
    private static final int ROUNDS = 5;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private HyperscanCostProbe() {
    }

    public static void main(String[] args) throws IOException {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        String file = System.getProperty("probe.body");
        Direction direction = Direction.valueOf(System.getProperty("probe.direction", "response").toUpperCase());
        byte[] body = file != null ? repeated(Files.readAllBytes(Path.of(file)), sizeMb * RepeatedJsonBody.MIB)
                : RepeatedJsonBody.build(LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir()),
                        sizeMb * RepeatedJsonBody.MIB);
        byte[] values = JsonBodyFeeder.decodedValues(body);
        List<Detector> detectors = new ArrayList<>();
        for (Detector d : DetectorCatalog.builtin().all()) {
            if (d.inspects(direction) && !expressions(List.of(d)).isEmpty()) {
                detectors.add(d);
            }
        }
        System.out.printf("body %d bytes, decoded values %d bytes; MiB of values per CPU-second%n", body.length,
                values.length);
        System.out.printf("%-24s %10s %9s %14s%n", "detector", "alone", "matches", "all but it");
        Rate all = rate(expressions(detectors), values);
        System.out.printf("%-24s %10.1f %9d%n", "(all)", all.mibPerCpuSecond(), all.matches());
        for (Detector d : detectors) {
            Rate alone = rate(expressions(List.of(d)), values);
            List<Detector> rest = new ArrayList<>(detectors);
            rest.remove(d);
            System.out.printf("%-24s %10.1f %9d %14.1f%n", d.id(), alone.mibPerCpuSecond(), alone.matches(),
                    rate(expressions(rest), values).mibPerCpuSecond());
        }
        for (int i = 1; i < args.length; i++) {
            List<String> ids = List.of(args[i].split(","));
            List<Detector> group = detectors.stream().filter(d -> ids.contains(d.id())).toList();
            List<Detector> rest = detectors.stream().filter(d -> !ids.contains(d.id())).toList();
            Rate alone = rate(expressions(group), values);
            System.out.printf("group %s: alone %.1f (%d matches), all but it %.1f%n", args[i],
                    alone.mibPerCpuSecond(), alone.matches(), rate(expressions(rest), values).mibPerCpuSecond());
        }
    }

    /** One JSON array of {@code document} repeated to at least {@code size} bytes. */
    private static byte[] repeated(byte[] document, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + document.length + 2);
        out.write('[');
        for (int n = 0; out.size() < size; n++) {
            if (n > 0) {
                out.write(',');
            }
            out.writeBytes(document);
        }
        out.write(']');
        return out.toByteArray();
    }

    private record Rate(double mibPerCpuSecond, long matches) {
    }

    /** The expressions the engine compiles for these detectors, anchors aside. */
    private static List<PatternDatabase.Expression> expressions(List<Detector> detectors) {
        List<PatternDatabase.Expression> out = new ArrayList<>();
        for (Detector d : detectors) {
            for (PatternSpec p : d.patterns()) {
                boolean trigger = d.valueMode() == ValueMode.WHOLE && p.role() == PatternSpec.Role.MATCH;
                // As MatchEngine compiles it: no start-of-match tracking where the session
                // recovers the start itself (a start walk, or a fixed width).
                boolean som = !trigger && p.role() != PatternSpec.Role.END && p.start() == null
                        && PatternDatabase.fixedWidth(p.regex()) < 0;
                out.add(new PatternDatabase.Expression(p.regex(), p.caseless(), som));
            }
            if (d.context() != null) {
                for (String keyword : d.context().keywords()) {
                    out.add(new PatternDatabase.Expression(keyword, true, false));
                }
            }
        }
        return out;
    }

    private static Rate rate(List<PatternDatabase.Expression> exprs, byte[] values) {
        long[] matches = new long[1];
        MatchHandler counter = (id, from, to) -> matches[0]++;
        try (PatternDatabase db = PatternDatabase.compile(exprs)) {
            StreamScanner scanner = new StreamScanner(db);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                matches[0] = 0;
                long t0 = CPU.getCurrentThreadCpuTime();
                StreamScanner.Stream stream = scanner.open();
                for (int off = 0; off < values.length; off += JsonInspectionBenchmark.CHUNK) {
                    stream.scan(values, off, Math.min(JsonInspectionBenchmark.CHUNK, values.length - off), counter);
                }
                stream.close(counter);
                best = Math.min(best, CPU.getCurrentThreadCpuTime() - t0);
            }
            return new Rate(values.length / (double) RepeatedJsonBody.MIB / (best / 1e9), matches[0]);
        }
    }
}
