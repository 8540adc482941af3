package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.matchers.MatchListener;
import dev.sluice.matchers.ScanSession;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of JSON inspection over the leak-dev JSON documents repeated into one body of
 * {@code sizeMb} MiB (a top-level array, see {@link RepeatedJsonBody}), fed in 16 KiB chunks
 * as the live path feeds it. One operation is one whole body, so MiB/s = ops/s × sizeMb, and
 * {@code gc.alloc.rate.norm} / sizeMb is bytes allocated per MiB.
 *
 * <ul>
 *   <li>{@link #jacksonTokenPass}: the baseline. Jackson's non-blocking parser, fed the same
 *       chunks, pulled to {@code NOT_AVAILABLE} after each; for every string and number it
 *       reads the decoded text Jackson already holds ({@code getTextCharacters}, no String is
 *       made) and for every member the canonical name: the least a scanner that looks at
 *       values must do, and what the inspector's parser builds on.</li>
 *   <li>{@link #fullInspection}: the product path. An {@link InspectionSession} (response
 *       direction, built-in catalog): JSON parsing with paths and context keys, string
 *       decoding with wire offsets, nested JSON documents, Hyperscan streaming, validators,
 *       offset mapping, findings.</li>
 *   <li>{@link #inspectorParserAlone}: the inspector's JSON parser into a sink that drops the
 *       values, to split the full figure into parsing and matching.</li>
 *   <li>{@link #matchersAlone}: the matcher session fed the very calls the parser makes for
 *       this body ({@link ValueRecording}, recorded in setup): Hyperscan, validators,
 *       offset mapping, findings, no parsing.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class JsonInspectionBenchmark {
    /** Bytes per feed call, as a proxy or ext_proc hands over a body. */
    public static final int CHUNK = 16 * 1024;
    private static final String CONTENT_TYPE = "application/json";

    /** The body and the compiled engine, shared by every benchmark of one size. */
    @State(Scope.Benchmark)
    public static class Body {
        @Param({"1", "64"})
        public int sizeMb;

        byte[] bytes;
        MatchEngine engine;
        Inspector inspector;
        final JsonFactory jackson = new JsonFactory();

        @Setup(Level.Trial)
        public void setUp() {
            List<byte[]> docs = LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir());
            bytes = RepeatedJsonBody.build(docs, sizeMb * RepeatedJsonBody.MIB);
            engine = MatchEngine.builtin();
            // The default 32 MiB inspection limit would leave the rest of a 64 MiB body unread.
            inspector = new Inspector(engine, InspectionLimits.builder().maxInspectedBytes(bytes.length).build());
            InspectionResult r = inspect(inspector, bytes);
            // Past the per-body finding maximum (4,096: a 64 MiB repeat of the corpus holds about
            // 49,000) a session counts findings instead of keeping them and scans on, so that
            // outcome still means every byte went through the whole pipeline.
            boolean whole = r.outcome() == Outcome.COMPLETE || r.outcome() == Outcome.FINDINGS_LIMIT;
            if (!whole || r.inspectedBytes() != bytes.length) {
                throw new IllegalStateException("benchmark body not inspected completely: " + r.outcome() + " ("
                        + r.detail() + ")");
            }
            System.out.printf("%n# body: %d MiB from %d leak-dev JSON documents; %d findings%n", sizeMb,
                    docs.size(), r.findings().size());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** The parser's calls to the matchers for the body, recorded once. */
    @State(Scope.Benchmark)
    public static class Recorded {
        ValueRecording values;

        @Setup(Level.Trial)
        public void setUp(Body body) {
            values = ValueRecording.ofJsonBody(body.bytes, CHUNK, body.inspector.limits());
            System.out.printf("%n# recorded: %d values, %d decoded bytes%n", values.values(), values.decodedBytes());
        }
    }

    @Benchmark
    public long jacksonTokenPass(Body body) throws IOException {
        return jacksonPass(body.jackson, body.bytes);
    }

    /** The baseline's work on one body: every chunk fed, every token pulled. */
    public static long jacksonPass(JsonFactory jackson, byte[] b) throws IOException {
        try (JsonParser p = jackson.createNonBlockingByteArrayParser()) {
            ByteArrayFeeder feeder = (ByteArrayFeeder) p.getNonBlockingInputFeeder();
            long sum = 0;
            for (int off = 0; off < b.length; off += CHUNK) {
                feeder.feedInput(b, off, Math.min(off + CHUNK, b.length));
                sum += drain(p);
            }
            feeder.endOfInput();
            return sum + drain(p);
        }
    }

    @Benchmark
    public InspectionResult fullInspection(Body body) {
        return inspect(body.inspector, body.bytes);
    }

    @Benchmark
    public long inspectorParserAlone(Body body) {
        CountingSink sink = new CountingSink();
        JsonBodyFeeder.parse(body.bytes, CHUNK, body.inspector.limits(), sink, () -> { });
        return sink.values + sink.bytes;
    }

    @Benchmark
    public int matchersAlone(Body body, Recorded recorded) {
        FindingCounter counter = new FindingCounter();
        try (ScanSession session = body.engine.newSession(Direction.RESPONSE, counter)) {
            recorded.values.replayInto(session);
        }
        return counter.count;
    }

    static InspectionResult inspect(Inspector inspector, byte[] b) {
        try (InspectionSession s = inspector.open(Direction.RESPONSE, CONTENT_TYPE, null)) {
            for (int off = 0; off < b.length; off += CHUNK) {
                s.feed(b, off, Math.min(CHUNK, b.length - off));
            }
            return s.finish();
        }
    }

    /** Pulls every available token, reading each value's decoded text the way a scanner would. */
    private static long drain(JsonParser p) throws IOException {
        long sum = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
            switch (t) {
                case FIELD_NAME -> sum += p.currentName().length();
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    char[] text = p.getTextCharacters();
                    int off = p.getTextOffset();
                    int n = p.getTextLength();
                    sum += n;
                    if (n > 0) {
                        sum += text[off] ^ text[off + n - 1];
                    }
                }
                default -> sum++;
            }
        }
        return sum;
    }

    /** Counts findings without keeping them. */
    private static final class FindingCounter implements MatchListener {
        int count;

        @Override
        public void onMatch(dev.sluice.matchers.Match match) {
            count++;
        }
    }
}
