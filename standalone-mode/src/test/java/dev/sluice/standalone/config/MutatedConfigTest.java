package dev.sluice.standalone.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final String[] SYNTAX = {":", ": ", "- ", "  ", "\t", "\n", "{", "}", "[", "]", ",", "'", "\"",
        "#", "&a ", "*a", "~", "null", "true", "-1", "0", "1e999", "99999999999999999999", "0x10", "1.5", "10ms",
        "0s", "-5s", "1h", "64KiB", "1 GiB", "-1MiB", "999999TiB", "127.0.0.1:", ":8080", "[::1]:9464", "http://",
        "https://x:99999", "unix:/x", "/dev/null", "../", "\u00e9", "\u0000", "stdout", "enforce", "detect"};
    private static final Map<String, String> ENV = Map.of("BACKEND", "http://127.0.0.1:3000",
            "SLUICE_LISTEN", "0.0.0.0:9000");
    private static String config;

    @BeforeAll
    static void read() throws IOException {
        config = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/sluice.yaml"));
    }

    @RepeatedTest(value = 200, name = "mutant {currentRepetition}")
    void aBrokenConfigurationIsErrorsNeverAnException(RepetitionInfo info) {
        int campaign = Integer.getInteger("sluice.mutants", 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / info.getTotalRepetitions());
        for (int k = 0; k < per; k++) {
            long seed = 0xc0f_0000L + (long) info.getCurrentRepetition() * 1_000_003L + k;
            Random random = new Random(seed);
            String text = mutate(random, config);
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

    private static String mutate(Random random, String text) {
        String t = text;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(t.length() + 1);
            t = switch (random.nextInt(5)) {
                case 0, 1, 2 -> t.substring(0, at) + SYNTAX[random.nextInt(SYNTAX.length)] + t.substring(at);
                case 3 -> t.substring(0, at) + t.substring(Math.min(t.length(), at + 1 + random.nextInt(30)));
                default -> t.substring(0, at);
            };
        }
        return t;
    }
}
