package dev.sluice.policy.yaml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Mutants;
import dev.sluice.testing.TextMutations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The example policies broken in seeded random ways (bytes flipped, YAML syntax inserted, lines
 * dropped, doubled or swapped, the end cut off). {@link PolicyLoader#parse} promises never to
 * throw: each mutant either loads or gives errors with a line and column inside the text.
 * {@code -Dsluice.mutants=N} runs a longer campaign.
 */
class MutatedPolicyTest {
    private static final PolicyLoader LOADER = PolicyLoader.builder().build();
    private static final List<String> SYNTAX = List.of(":", ": ", "- ", "  ", "\t", "\n", "{", "}", "[", "]", ",",
            "&a ", "*a", "<<: *a\n", "!!binary ", "!!python/object ", "? ", "|\n", ">-\n", "'", "\"", "\\u0000", "#",
            "---\n", "...\n", "~", "null", "true", "-1", "1e999", "0x7fffffff", "99999999999999999999", "1m", "0s",
            "**", "/", "/**", "{path: /x/**}", "[pii, secret]", "redact", "block", "keep_last_4", "closed",
            "\u00e9", "\ud83d\ude00", "%", "@", "`");
    private static List<String> examples;

    @BeforeAll
    static void read() throws IOException {
        examples = new ArrayList<>();
        for (String name : new String[] {"default.yaml", "redact-all.yaml", "detect-only.yaml"}) {
            examples.add(Files.readString(RepoFiles.policies().resolve(name)));
        }
    }

    @RepeatedTest(value = 200, name = "mutant {currentRepetition}")
    void aBrokenPolicyIsErrorsNeverAnException(RepetitionInfo info) {
        for (long seed : Mutants.seeds(0x901_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            String text = TextMutations.mutate(random, examples.get(random.nextInt(examples.size())), SYNTAX, true);
            LoadResult r;
            try {
                r = LOADER.parse(text.getBytes(StandardCharsets.UTF_8), "mutant.yaml");
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": parse threw on\n" + text, e);
            }
            int lines = (int) text.lines().count() + 1;
            assertTrue(r.ok() == r.errors().isEmpty(), "seed " + seed + ": a policy with errors, or neither");
            for (PolicyError e : r.errors()) {
                assertTrue(e.line() >= 1 && e.line() <= lines + 1 && e.column() >= 1,
                        "seed " + seed + ": error outside the text: " + e);
                assertFalse(e.message().isBlank(), "seed " + seed + ": an error without a message");
            }
        }
    }
}
