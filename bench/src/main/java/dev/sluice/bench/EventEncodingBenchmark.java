package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Action;
import dev.sluice.policy.Mode;
import dev.sluice.standalone.events.EventFinding;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.events.ExchangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What writing one event line costs the I/O thread that built it (the proxy encodes events where
 * their strings are still in cache): {@link #sluiceEvent} is {@code ExchangeEvent.toJson}, the
 * baseline {@link #jacksonMap} is Jackson's {@code ObjectMapper} writing a map of the same fields
 * and values, in the same run. {@code findings}: 1 (a small body) and 41 (the load harness's
 * 16 KiB page of customer records).
 * Run: {@code java -jar bench/target/benchmarks.jar EventEncodingBenchmark} (bench/RESULTS.md).
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class EventEncodingBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Param({"1", "41"})
    int findings;

    private ExchangeEvent event;
    private Map<String, Object> asMap;

    @Setup
    public void build() {
        ExchangeEvent.Builder b = ExchangeEvent.builder("ex-000042", Direction.RESPONSE).route("users")
                .mode(Mode.ENFORCE).action(ExchangeAction.ALERT).sourceService("web").destinationService("users")
                .method("GET").requestTarget("/api/users?page=1").status(200);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (int i = 0; i < findings; i++) {
            String path = "$.items[" + i + "].phone";
            String hash = "%032x".formatted(0x5eed_0000L + i * 7919L);
            b.finding(EventFinding.of("phone_number", Category.PII, path, hash, "+1-5********23", Action.ALERT));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", "phone_number");
            f.put("category", "pii");
            f.put("path", path);
            f.put("count", 1);
            f.put("valueHash", hash);
            f.put("preview", "+1-5********23");
            f.put("action", "alert");
            listed.add(f);
        }
        event = b.build();
        asMap = new LinkedHashMap<>();
        for (String k : List.of("time", "exchangeId", "direction", "mode", "route", "sourceService",
                "destinationService")) {
            asMap.put(k, k.equals("time") ? "2026-11-21T10:00:00.123Z" : "value-of-" + k);
        }
        asMap.put("token", null);
        asMap.put("method", "GET");
        asMap.put("path", "/api/users?page=1");
        asMap.put("status", 200);
        asMap.put("action", "alert");
        asMap.put("delivery", "forwarded");
        asMap.put("reason", null);
        asMap.put("findings", listed);
        asMap.put("findingsDropped", 0);
    }

    @Benchmark
    public String sluiceEvent() {
        return event.toJson();
    }

    @Benchmark
    public byte[] jacksonMap() throws Exception {
        return MAPPER.writeValueAsBytes(asMap);
    }
}
