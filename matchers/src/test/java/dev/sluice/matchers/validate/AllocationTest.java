package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hot path allocates nothing: after a warm-up (which creates the per-thread scratch), running
 * a validator over its vectors many times leaves the thread's allocated-bytes counter unchanged.
 * Measured with {@code com.sun.management.ThreadMXBean}; skipped on JVMs without it.
 */
class AllocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 2000;

    static Stream<String> names() {
        return Validators.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void validatingAllocatesNothing(String name) throws IOException {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "allocation counter off");
        List<ByteValidator> validators = new ArrayList<>();
        List<ArrayCandidate> candidates = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/vectors/validators/" + name + ".jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode v = JSON.readTree(line);
                String arg = v.path("arg").asText(null);
                validators.add(Validators.named(arg == null ? name : name + ":" + arg));
                candidates.add(ValidatorVectorsTest.candidate(v.path("before").asText(""), v.get("value").asText(), v.path("after").asText("")));
            }
        }
        ByteValidator[] vs = validators.toArray(new ByteValidator[0]);
        ArrayCandidate[] cs = candidates.toArray(new ArrayCandidate[0]);
        int sink = run(vs, cs, ROUNDS); // warm-up: class init, thread-local scratch
        long threadId = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(threadId);
        sink += run(vs, cs, ROUNDS);
        long allocated = mx.getThreadAllocatedBytes(threadId) - before;
        // A few hundred bytes of slack for the counter call itself.
        assertTrue(allocated < 1024, name + " allocated " + allocated + " bytes over " + ROUNDS * cs.length + " calls (" + sink + ")");
    }

    private static int run(ByteValidator[] vs, ArrayCandidate[] cs, int rounds) {
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < cs.length; i++) {
                if (vs[i].test(cs[i])) {
                    n++;
                }
            }
        }
        return n;
    }
}
