package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice check-policy}: every error with its position, a suggestion, and the exit code. */
class CheckPolicyCommandTest {
    @TempDir
    Path dir;

    @Test
    void theShippedPoliciesAreValid() {
        Path policies = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "deploy", "policies");
        if (!Files.isDirectory(policies)) {
            policies = Path.of("..", "deploy", "policies");
        }
        CliRun r = CliRun.of("check-policy", policies.resolve("default.yaml").toString(),
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
        CliRun r = CliRun.of("check-policy", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains(bad + ":4:5: unknown detector 'credit_crad', did you mean 'credit_card'?"), r.out());
        assertTrue(r.out().contains(bad + ":5:"), "the second error too: " + r.out());
    }

    @Test
    void aMissingFileIsAnErrorAndNoFileIsUsage() {
        assertEquals(1, CliRun.of("check-policy", dir.resolve("none.yaml").toString()).code());
        assertEquals(2, CliRun.of("check-policy").code());
    }
}
