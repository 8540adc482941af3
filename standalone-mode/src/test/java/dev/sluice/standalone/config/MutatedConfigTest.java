package dev.sluice.standalone.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Mutants;
import dev.sluice.testing.TextMutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * {@code deploy/sluice.yaml} broken in seeded random ways (YAML and value syntax inserted,
 * ranges dropped, the end cut off), with and without environment overrides. Loading must give a
 * configuration or a {@link ConfigException} whose errors each have a message and a position
 * inside the text, never another exception. {@code -Dsluice.mutants=N} runs a longer campaign.
 */
class MutatedConfigTest {
    private static final List<String> SYNTAX = List.of(":", ": ", "- ", "  ", "\t", "\n", "{", "}", "[", "]", ",", "'", "\"",
        "#", "&a ", "*a", "~", "null", "true", "-1", "0", "1e999", "99999999999999999999", "0x10", "1.5", "10ms",
        "0s", "-5s", "1h", "64KiB", "1 GiB", "-1MiB", "999999TiB", "127.0.0.1:", ":8080", "[::1]:9464", "http://",
        "https://x:99999", "unix:/x", "/dev/null", "../", "\u00e9", "\u0000", "stdout", "enforce", "detect");
    private static final Map<String, String> ENV = Map.of("BACKEND", "http://127.0.0.1:3000",
            "SLUICE_LISTEN", "0.0.0.0:9000");
    private static String config;

    @BeforeAll
    static void read() throws IOException {
        config = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/sluice.yaml"));
    }

    @RepeatedTest(value = 200, name = "mutant {currentRepetition}")
    void aBrokenConfigurationIsErrorsNeverAnException(RepetitionInfo info) {
        for (long seed : Mutants.seeds(0xc0f_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            String text = TextMutations.mutate(random, config, SYNTAX, true);
            int lines = (int) text.lines().count() + 2;
            try {
                SluiceConfigLoader.load(text, "sluice.yaml", null, random.nextBoolean() ? ENV : Map.of());
            } catch (ConfigException e) {
                assertFalse(e.errors().isEmpty(), "seed " + seed + ": an exception without errors");
                for (ConfigError err : e.errors()) {
                    assertFalse(err.message() == null || err.message().isBlank(), "seed " + seed + ": " + err);
                    assertTrue(err.line() <= lines, "seed " + seed + ": error past the text: " + err);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e + " on\n" + text, e);
            }
        }
    }
}
