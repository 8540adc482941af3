package dev.sluice.bench;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * What a body built to be expensive costs against ordinary text, in the same run: each body is
 * one JSON string of {@value #BODY_BYTES} bytes made of one short unit repeated (a dotted run in
 * which every four numbers are an IPv4 address, digit groups, keys, token prefixes, markup and
 * attack fragments), inspected as a response and as a request the way a proxy hands it over,
 * and as a response a route rewrites ({@code deploy/policies/redact-all.yaml}: every finding
 * masked as the body streams). Prints MiB/s of thread CPU per body and the ratio to a string of
 * ordinary words; a ratio far below the others is a cost a client can make Sluice pay per byte
 * it sends.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.sluice.bench.AdversarialBodiesProbe [measureSeconds [warmupSeconds]]}, from the checkout
 * root ({@code -Dsluice.policies=DIR} names another folder of policies).
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
            RedactionPlan redactAll = redactAll();
            byte[] ordinary = ordinaryText();
            double[] baseline = costs(inspector, redactAll, ordinary, measure, warmup);
            System.out.println("| unit repeated | response MiB/s | of ordinary text | request MiB/s | of ordinary text"
                    + " | rewritten response MiB/s | of ordinary text |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            print("(ordinary words)", baseline, baseline);
            for (String unit : UNITS) {
                print("`" + unit.replace("|", "\\|") + "`", costs(inspector, redactAll, repeated(unit), measure, warmup),
                        baseline);
            }
        }
    }

    private static void print(String name, double[] mibs, double[] baseline) {
        StringBuilder row = new StringBuilder("| ").append(name);
        for (int i = 0; i < mibs.length; i++) {
            row.append(String.format(Locale.ROOT, " | %.1f | %.2f", mibs[i], mibs[i] / baseline[i]));
        }
        System.out.println(row.append(" |"));
    }

    /** MiB/s inspected as a response, as a request, and rewritten as a response. */
    private static double[] costs(Inspector inspector, RedactionPlan redactAll, byte[] body, long measure,
                                  long warmup) {
        BodySpec response = BodySpec.builder(Direction.RESPONSE).contentType("application/json").build();
        return new double[] {
            mibPerSecond(body, measure, warmup, s -> BodyCostProbe.run(inspector, Direction.RESPONSE,
                    "application/json", body, s)[0]),
            mibPerSecond(body, measure, warmup, s -> BodyCostProbe.run(inspector, Direction.REQUEST,
                    "application/json", body, s)[0]),
            mibPerSecond(body, measure, warmup, s -> BodyCostProbe.run(
                    () -> inspector.openRewriting(response, redactAll, (buf, off, len) -> { }), body,
                    BodyCostProbe.CHUNK, s)[0]),
        };
    }

    private static double mibPerSecond(byte[] body, long measure, long warmup, LongUnaryOperator run) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        run.applyAsLong(warmup);
        long cpu0 = cpu.getCurrentThreadCpuTime();
        long bodies = run.applyAsLong(measure);
        double seconds = (cpu.getCurrentThreadCpuTime() - cpu0) / 1e9;
        return bodies * (double) body.length / (1 << 20) / seconds;
    }

    private static RedactionPlan redactAll() {
        Path file = Path.of(System.getProperty("sluice.policies", "deploy/policies")).resolve("redact-all.yaml");
        LoadResult all = PolicyLoader.builder().build().load(file);
        if (!all.ok()) {
            throw new IllegalStateException(file + " does not load: " + all.errors());
        }
        return PolicyPlans.streaming(all.policy(), RouteKey.http("svc", "/api", "GET", Direction.RESPONSE), "a", "b");
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
