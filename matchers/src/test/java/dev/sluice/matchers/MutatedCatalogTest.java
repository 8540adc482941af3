package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.testing.Mutants;
import dev.sluice.testing.TextMutations;
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
    private static final List<String> SYNTAX = List.of(":", ": ", "- ", "  ", "\n", "{", "}", "[", "]", ",", "'", "\"", "#",
        "(", ")", "(?", "\\", "\\b", "{0,", "{99999}", "*", "+?", "[^", "(?i)", "|", "^", "$", "\\x", "\\p{L}",
        "regex: ", "context: required", "trim: end", "start: {stop: '+'}", "validators: [luhn]", "validators: [nope]",
        "category: nope", "value: whole", "priority: -1", "max_length: 0", "directions: [sideways]", "~", "null",
        "true", "1e999", "\u00e9", "\u0000");
    private static String catalog;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = DetectorCatalogLoader.class.getResourceAsStream("leaks.yaml")) {
            catalog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @RepeatedTest(value = 100, name = "mutant {currentRepetition}")
    void aBrokenCatalogIsAClearErrorNeverACrash(RepetitionInfo info) {
        for (long seed : Mutants.seeds(0xca7_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            String text = TextMutations.mutate(random, catalog, SYNTAX, true);
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
}
