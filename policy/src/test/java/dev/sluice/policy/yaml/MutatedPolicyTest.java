package dev.sluice.policy.yaml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
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
        int campaign = Integer.getInteger("sluice.mutants", 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / info.getTotalRepetitions());
        for (int k = 0; k < per; k++) {
            long seed = 0x901_0000L + (long) info.getCurrentRepetition() * 1_000_003L + k;
            Random random = new Random(seed);
            String text = mutate(random, examples.get(random.nextInt(examples.size())));
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

    static String mutate(Random random, String text) {
        String t = text;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(t.length() + 1);
            t = switch (random.nextInt(7)) {
                case 0 -> t.isEmpty() ? t : t.substring(0, Math.min(at, t.length() - 1)) + (char) (32 + random.nextInt(95))
                        + t.substring(Math.min(at, t.length() - 1) + 1);
                case 1, 2 -> t.substring(0, at) + SYNTAX.get(random.nextInt(SYNTAX.size())) + t.substring(at);
                case 3 -> t.substring(0, at) + t.substring(Math.min(t.length(), at + 1 + random.nextInt(40)));
                case 4 -> lines(random, t, false);
                case 5 -> lines(random, t, true);
                default -> t.substring(0, at);
            };
        }
        return t;
    }

    /** A random line doubled ({@code swap} false) or two random lines swapped. */
    private static String lines(Random random, String t, boolean swap) {
        List<String> l = new ArrayList<>(Arrays.asList(t.split("\n", -1)));
        int a = random.nextInt(l.size());
        int b = random.nextInt(l.size());
        if (swap) {
            String x = l.get(a);
            l.set(a, l.get(b));
            l.set(b, x);
        } else {
            l.add(b, l.get(a));
        }
        return String.join("\n", l);
    }
}
