package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice extproc}: usage, and configuration or policy errors exit 2 before anything listens. */
class ExtProcCommandTest {
    @Test
    void helpAndUsage() {
        CliRun help = CliRun.of("extproc", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("sluice extproc"));
        assertTrue(CliRun.of("--help").out().contains("extproc [--config FILE]"));
        CliRun bad = CliRun.of("extproc", "--bogus");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("sluice extproc: unknown option --bogus"), bad.err());
    }

    @Test
    void anInvalidPolicyExitsTwoWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "version: 1\nmode: enforce\ndefaults:\n  actions:\n    pii: explode\n");
        Path config = dir.resolve("sluice.yaml");
        Files.writeString(config, "policy: " + policy + "\nextproc:\n  listen: 127.0.0.1:0\nadmin:\n  listen: 127.0.0.1:0\n");
        CliRun r = CliRun.of("extproc", "--config", config.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("sluice extproc: " + policy + ":5:"), r.err());
    }
}
