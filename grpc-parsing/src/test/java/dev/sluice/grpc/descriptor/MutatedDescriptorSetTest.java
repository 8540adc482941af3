package dev.sluice.grpc.descriptor;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The leak-dev descriptor set broken in seeded random ways, as a damaged file named in the
 * configuration (or a reflection answer) might be: bytes flipped, ranges dropped or doubled, the
 * end cut off. Building a registry from it must give a registry whose methods resolve, or a
 * {@link DescriptorLoadException} with a message, never another exception.
 * {@code -Dsluice.mutants=N} runs a longer campaign.
 */
class MutatedDescriptorSetTest {
    private static byte[] set;

    @BeforeAll
    static void read() throws IOException {
        set = Files.readAllBytes(Path.of(System.getProperty("sluice.shared", "../../shared"),
                "corpora", "leak-dev", "proto", "leak_dev.desc"));
    }

    @RepeatedTest(value = 200, name = "mutant {currentRepetition}")
    void aBrokenDescriptorSetIsALoadErrorNeverACrash(RepetitionInfo info) {
        int campaign = Integer.getInteger("sluice.mutants", 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / info.getTotalRepetitions());
        for (int k = 0; k < per; k++) {
            long seed = 0xde5c_0000L + (long) info.getCurrentRepetition() * 1_000_003L + k;
            byte[] bytes = mutate(new Random(seed), set);
            try {
                DescriptorRegistry r = DescriptorRegistry.builder().addBytes("mutant.desc", bytes).build();
                for (String path : r.methodPaths()) {
                    r.method(path).orElseThrow();
                }
            } catch (DescriptorLoadException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "seed " + seed + ": no message");
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e, e);
            }
        }
    }

    private static byte[] mutate(Random random, byte[] b) {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(b.length + 1);
            b = switch (random.nextInt(4)) {
                case 0, 1 -> {
                    byte[] c = b.clone();
                    if (c.length > 0) {
                        c[Math.min(at, c.length - 1)] = (byte) random.nextInt(256);
                    }
                    yield c;
                }
                case 2 -> {
                    int len = Math.min(b.length - at, 1 + random.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    yield c;
                }
                default -> Arrays.copyOf(b, at);
            };
        }
        return b;
    }
}
