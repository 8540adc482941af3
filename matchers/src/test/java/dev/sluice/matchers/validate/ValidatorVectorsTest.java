package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays {@code vectors/validators/<name>.jsonl} for every validator name. Each line is
 * {@code {"value", "valid", "why"}} with optional {@code "before"} / {@code "after"} (the bytes
 * around the candidate in the same value), {@code "key"} (the name the value was found under)
 * and {@code "arg"} (the spec argument, as in {@code min_length:16}). Every validator must have a file with at least one passing and one
 * failing vector.
 */
class ValidatorVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> names() {
        return Validators.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void vectorsHold(String name) throws IOException {
        String resource = "/vectors/validators/" + name + ".jsonl";
        List<String> failures = new ArrayList<>();
        int pass = 0;
        int fail = 0;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertNotNull(in, "no vector file " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode v = JSON.readTree(line);
                boolean expected = v.get("valid").asBoolean();
                String arg = v.path("arg").asText(null);
                ByteValidator validator = Validators.named(arg == null ? name : name + ":" + arg);
                ArrayCandidate c = candidate(v.path("before").asText(""), v.get("value").asText(), v.path("after").asText(""));
                boolean actual = validator.test(c.key(v.path("key").asText(null)));
                if (actual != expected) {
                    failures.add(resource + ":" + n + " expected " + expected + " (" + v.get("why").asText() + "): " + line);
                }
                if (expected) {
                    pass++;
                } else {
                    fail++;
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(pass > 0 && fail > 0, resource + " needs both passing and failing vectors");
    }

    static ArrayCandidate candidate(String before, String value, String after) {
        byte[] b = before.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] a = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[b.length + v.length + a.length];
        System.arraycopy(b, 0, all, 0, b.length);
        System.arraycopy(v, 0, all, b.length, v.length);
        System.arraycopy(a, 0, all, b.length + v.length, a.length);
        return new ArrayCandidate().reset(all, 0, all.length, b.length, v.length);
    }
}
