package dev.sluice.bench;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Inspector;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * What a body built to be expensive costs against ordinary text, in the same run: each body is
 * one JSON string of {@value #BODY_BYTES} bytes made of one short unit repeated (a dotted run in
 * which every four numbers are an IPv4 address, digit groups, keys, token prefixes, markup and
 * attack fragments), inspected as a response and as a request the way a proxy hands it over.
 * Prints MiB/s of thread CPU per body and the ratio to a string of ordinary words; a ratio far
 * below the others is a cost a client can make Sluice pay per byte it sends.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.sluice.bench.AdversarialBodiesProbe [measureSeconds [warmupSeconds]]}
 */
public final class AdversarialBodiesProbe {
    static final int BODY_BYTES = 256 * 1024;
    private static final String[] UNITS = {
        "1.1.1.1.", "4111 ", "1", "a:", "password=", "api_key: ", "ssn ", "+1 ", "AKIA", "ghp_", "xoxb-1-",
        "eyJ", "eyJhbGciOi.", "a@", "ab@cd.", "://a:b@", "-----BEGIN PRIVATE KEY-----\\n", "<a ", "&#", "%4",
        "\\\\", "'", "\\n", "' or 1=1 -- ", "union select ", "<script>", "${jndi:", "../",
    };

    private AdversarialBodiesProbe() {
    }

    public static void main(String[] args) {
        long measure = args.length > 0 ? Long.parseLong(args[0]) : 2;
        long warmup = args.length > 1 ? Long.parseLong(args[1]) : 1;
        try (MatchEngine engine = MatchEngine.builtin()) {
            Inspector inspector = new Inspector(engine, InspectionLimits.defaults());
            double[] baseline = {
                mibPerSecond(inspector, Direction.RESPONSE, ordinaryText(), measure, warmup),
                mibPerSecond(inspector, Direction.REQUEST, ordinaryText(), measure, warmup),
            };
            System.out.println("| unit repeated | response MiB/s | of ordinary text | request MiB/s | of ordinary text |");
            System.out.println("|---|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| (ordinary words) | %.1f | 1.00 | %.1f | 1.00 |%n", baseline[0], baseline[1]);
            for (String unit : UNITS) {
                byte[] body = repeated(unit);
                double response = mibPerSecond(inspector, Direction.RESPONSE, body, measure, warmup);
                double request = mibPerSecond(inspector, Direction.REQUEST, body, measure, warmup);
                System.out.printf(Locale.ROOT, "| `%s` | %.1f | %.2f | %.1f | %.2f |%n", unit.replace("|", "\\|"),
                        response, response / baseline[0], request, request / baseline[1]);
            }
        }
    }

    private static double mibPerSecond(Inspector inspector, Direction direction, byte[] body, long measure,
                                       long warmup) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        BodyCostProbe.run(inspector, direction, "application/json", body, warmup);
        long cpu0 = cpu.getCurrentThreadCpuTime();
        long bodies = BodyCostProbe.run(inspector, direction, "application/json", body, measure)[0];
        double seconds = (cpu.getCurrentThreadCpuTime() - cpu0) / 1e9;
        return bodies * (double) body.length / (1 << 20) / seconds;
    }

    /** {@code {"v": "<unit, unit, ...>"}}: {@code unit} is JSON string content, escapes included. */
    private static byte[] repeated(String unit) {
        StringBuilder sb = new StringBuilder(BODY_BYTES + 16).append("{\"v\": \"");
        while (sb.length() < BODY_BYTES) {
            sb.append(unit);
        }
        return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The baseline: words of ordinary prose, in a seeded order. */
    private static byte[] ordinaryText() {
        String[] words = {"the", "order", "was", "shipped", "to", "our", "customer", "on", "monday", "and",
            "arrived", "in", "good", "condition", "with", "all", "items", "as", "listed", "please", "contact",
            "support", "if", "anything", "is", "missing"};
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder(BODY_BYTES + 16).append("{\"v\": \"");
        while (sb.length() < BODY_BYTES) {
            sb.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
        }
        return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
