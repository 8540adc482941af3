package dev.sluice.grpc.descriptor;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.testing.ByteMutations;
import dev.sluice.testing.Mutants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        for (long seed : Mutants.seeds(0xde5c_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            byte[] bytes = ByteMutations.mutate(new Random(seed), set, FRAGMENTS);
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

    /** Field tags and varints of descriptor.proto: the bytes a damaged set goes wrong in. */
    private static final List<byte[]> FRAGMENTS = List.of(new byte[] {0x0a}, new byte[] {0x12}, new byte[] {0x1a},
            new byte[] {0x10, 0x01}, new byte[] {0x18, 0x09}, new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}, new byte[] {0});
}
