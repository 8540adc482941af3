package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validator is total: random bytes, mutated vectors, empty and huge candidates, with any
 * context, give true or false and never throw or hang.
 */
class TotalityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bytes the validators treat specially, to push mutations across their branches. */
    private static final String INTERESTING = "0123456789.:-/@ _+=%[]{}$<>*xX";

    static Stream<String> specs() {
        List<String> specs = new ArrayList<>();
        for (String n : Validators.names()) {
            specs.add(switch (n) {
                case "min_length", "max_length" -> n + ":8";
                case "entropy" -> "entropy:3.5";
                default -> n;
            });
        }
        return specs.stream();
    }

    /** Seed values: every vector of every validator, so mutations start from near-valid shapes. */
    static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String n : Validators.names()) {
            try (InputStream in = TotalityTest.class.getResourceAsStream("/vectors/validators/" + n + ".jsonl")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        JsonNode v = JSON.readTree(line);
                        out.add(v.get("value").asText().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void randomAndMutatedBytesNeverThrow(String spec) throws IOException {
        ByteValidator v = Validators.named(spec);
        Random rnd = new Random(spec.hashCode());
        List<byte[]> seeds = seeds();
        ArrayCandidate c = new ArrayCandidate();
        for (int k = 0; k < 20000; k++) {
            byte[] value;
            if (k % 2 == 0) {
                value = new byte[rnd.nextInt(k % 10 == 0 ? 2000 : 80)];
                rnd.nextBytes(value);
            } else {
                value = mutate(rnd, seeds.get(rnd.nextInt(seeds.size())));
            }
            // Random context on both sides, sometimes none.
            int before = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(70);
            int after = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(12);
            byte[] buf = new byte[before + value.length + after];
            rnd.nextBytes(buf);
            System.arraycopy(value, 0, buf, before, value.length);
            int valueStart = rnd.nextInt(before + 1);
            int valueEnd = before + value.length + rnd.nextInt(after + 1);
            v.test(c.reset(buf, valueStart, valueEnd, before, value.length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void hugeAndEmptyCandidatesAnswerQuickly(String spec) {
        ByteValidator v = Validators.named(spec);
        long t0 = System.nanoTime();
        for (byte fill : new byte[] {'1', 'a', '.', ':', '@', '-', ' ', (byte) 0xE2, 0}) {
            byte[] huge = new byte[1 << 20];
            Arrays.fill(huge, fill);
            v.test(ArrayCandidate.of(huge));
        }
        byte[] mixed = new byte[1 << 20];
        new Random(1).nextBytes(mixed);
        v.test(ArrayCandidate.of(mixed));
        v.test(ArrayCandidate.of(new byte[0]));
        v.test(new ArrayCandidate().reset(new byte[10], 5, 5, 5, 0));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "1 MiB candidates took over 5 s");
    }

    private static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        int ops = 1 + rnd.nextInt(3);
        for (int i = 0; i < ops && b.length > 0; i++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, at); // truncate
                case 2 -> b[at] = (byte) INTERESTING.charAt(rnd.nextInt(INTERESTING.length()));
                case 3 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) (0x80 + rnd.nextInt(128)); // stray UTF-8 continuation or lead byte
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> b = Arrays.copyOfRange(b, at, b.length);
            }
        }
        return b;
    }
}
