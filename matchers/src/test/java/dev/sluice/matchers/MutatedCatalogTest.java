package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The built-in catalog's YAML broken in seeded random ways, as a user's custom detector file might
 * be. Loading must end in detectors or an {@link IllegalArgumentException} whose message names
 * the source; one mutant in {@value #COMPILE_EVERY} that loads is also compiled, which must give an
 * engine or such an exception (a regex Hyperscan rejects), never anything else.
 * {@code -Dsluice.mutants=N} runs a longer campaign.
 */
class MutatedCatalogTest {
    private static final int COMPILE_EVERY = 40;
    private static final String[] SYNTAX = {":", ": ", "- ", "  ", "\n", "{", "}", "[", "]", ",", "'", "\"", "#",
        "(", ")", "(?", "\\", "\\b", "{0,", "{99999}", "*", "+?", "[^", "(?i)", "|", "^", "$", "\\x", "\\p{L}",
        "regex: ", "context: required", "trim: end", "start: {stop: '+'}", "validators: [luhn]", "validators: [nope]",
        "category: nope", "value: whole", "priority: -1", "max_length: 0", "directions: [sideways]", "~", "null",
        "true", "1e999", "\u00e9", "\u0000"};
    private static String catalog;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = DetectorCatalogLoader.class.getResourceAsStream("leaks.yaml")) {
            catalog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @RepeatedTest(value = 100, name = "mutant {currentRepetition}")
    void aBrokenCatalogIsAClearErrorNeverACrash(RepetitionInfo info) {
        int campaign = Integer.getInteger("sluice.mutants", 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / info.getTotalRepetitions());
        for (int k = 0; k < per; k++) {
            long seed = 0xca7_0000L + (long) info.getCurrentRepetition() * 1_000_003L + k;
            Random random = new Random(seed);
            String text = mutate(random, catalog);
            List<Detector> detectors;
            try {
                detectors = DetectorCatalogLoader.withBuiltinValidators()
                        .load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "custom.yaml");
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "seed " + seed + ": no message");
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": loading threw " + e, e);
            }
            if (random.nextInt(COMPILE_EVERY) == 0) {
                try (MatchEngine engine = MatchEngine.compile(DetectorCatalog.of(detectors), ValueHasher.random())) {
                    engine.toString();
                } catch (IllegalArgumentException e) {
                    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "seed " + seed + ": no message");
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ": compiling threw " + e, e);
                }
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
                case 3 -> t.substring(0, at) + t.substring(Math.min(t.length(), at + 1 + random.nextInt(40)));
                default -> t.substring(0, at);
            };
        }
        return t;
    }
}
