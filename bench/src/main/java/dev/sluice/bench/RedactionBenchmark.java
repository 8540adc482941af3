package dev.sluice.bench;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.redact.BodyOutput;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.policy.Policy;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What policy evaluation and redaction add to inspection: one operation inspects each leak-dev
 * JSON document as its own body (response direction, 16 KiB chunks), so per-body costs count.
 *
 * <ul>
 *   <li>{@link #plainInspection}: the baseline, {@code Inspector.open}.</li>
 *   <li>{@link #rewritingDefaultPolicy}: {@code Inspector.openRewriting} with the embedded
 *       default policy's streaming decision ({@code Policy.decideNow}) per finding.</li>
 *   <li>{@link #rewritingRedactAll}: the same with {@code deploy/policies/redact-all.yaml}: every
 *       finding masked.</li>
 * </ul>
 * Run: {@code java -Dsluice.shared=../shared -jar bench/target/benchmarks.jar RedactionBenchmark}
 * from the repository root (bench/RESULTS.md has the settings).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class RedactionBenchmark {
    private static final int CHUNK = 16 * 1024;
    private static final RouteKey ROUTE = RouteKey.http("svc", "/api", "GET", Direction.RESPONSE);

    @State(Scope.Benchmark)
    public static class Corpus {
        List<byte[]> docs;
        MatchEngine engine;
        Inspector inspector;
        BodySpec spec;
        RedactionPlan defaultPlan;
        RedactionPlan redactAllPlan;

        @Setup(Level.Trial)
        public void setUp() {
            docs = LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir());
            engine = MatchEngine.builtin();
            inspector = new Inspector(engine, InspectionLimits.defaults());
            spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json").build();
            PolicyLoader loader = PolicyLoader.builder().build();
            defaultPlan = PolicyPlans.streaming(loader.loadDefault(), ROUTE, "a", "b");
            LoadResult all = loader.load(Path.of(System.getProperty("sluice.policies", "deploy/policies"))
                    .resolve("redact-all.yaml"));
            if (!all.ok()) {
                throw new IllegalStateException("redact-all.yaml does not load: " + all.errors());
            }
            Policy redactAll = all.policy();
            redactAllPlan = PolicyPlans.streaming(redactAll, ROUTE, "a", "b");
            System.out.printf("%n# %d leak-dev JSON documents%n", docs.size());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** Counts what a front end would forward, without copying it. */
    static final class CountingOutput implements BodyOutput {
        long bytes;

        @Override
        public void write(byte[] buf, int off, int len) {
            bytes += len;
        }
    }

    @Benchmark
    public long plainInspection(Corpus c) {
        long n = 0;
        for (byte[] doc : c.docs) {
            try (InspectionSession s = c.inspector.open(c.spec)) {
                n += feed(s, doc).findings().size();
            }
        }
        return n;
    }

    @Benchmark
    public long rewritingDefaultPolicy(Corpus c) {
        return rewriting(c, c.defaultPlan);
    }

    @Benchmark
    public long rewritingRedactAll(Corpus c) {
        return rewriting(c, c.redactAllPlan);
    }

    private static long rewriting(Corpus c, RedactionPlan plan) {
        CountingOutput out = new CountingOutput();
        long n = 0;
        for (byte[] doc : c.docs) {
            try (InspectionSession s = c.inspector.openRewriting(c.spec, plan, out)) {
                n += feed(s, doc).redactedValues();
            }
        }
        return n + out.bytes;
    }

    private static InspectionResult feed(InspectionSession s, byte[] doc) {
        for (int off = 0; off < doc.length; off += CHUNK) {
            s.feed(doc, off, Math.min(CHUNK, doc.length - off));
        }
        return s.finish();
    }
}
