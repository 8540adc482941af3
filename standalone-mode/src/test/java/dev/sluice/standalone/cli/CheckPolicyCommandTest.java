package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice check-policy}: every error with its position, a suggestion, and the exit code. */
class CheckPolicyCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theShippedPoliciesAreValid() {
        Path policies = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "deploy", "policies");
        if (!Files.isDirectory(policies)) {
            policies = Path.of("..", "deploy", "policies");
        }
        Run r = run("check-policy", policies.resolve("default.yaml").toString(),
                policies.resolve("redact-all.yaml").toString(), policies.resolve("detect-only.yaml").toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void everyErrorIsPrintedWithLineColumnAndASuggestion() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                mode: enforce
                defaults:
                  actions:
                    credit_crad: redact
                    email: explode
                """);
        Run r = run("check-policy", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains(bad + ":4:5: unknown detector 'credit_crad', did you mean 'credit_card'?"), r.out());
        assertTrue(r.out().contains(bad + ":5:"), "the second error too: " + r.out());
    }

    @Test
    void aMissingFileIsAnErrorAndNoFileIsUsage() {
        assertEquals(1, run("check-policy", dir.resolve("none.yaml").toString()).code());
        assertEquals(2, run("check-policy").code());
    }
}
