package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} refuses to start on a bad configuration or policy, with every error as
 * {@code FILE:LINE:COL: message} and exit code 2, before anything listens.
 */
class ServeCommandTest {

    @Test
    void aMalformedConfigurationExitsTwoWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, """
                backend: http://127.0.0.1:3000
                proxy:
                  listn: 0.0.0.0:8080
                grpc:
                  reflection: maybe
                """);
        CliRun run = CliRun.of("serve", "--config", file.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(file + ":3:3: unknown key 'proxy.listn', did you mean 'proxy.listen'?"),
                run.err());
        assertTrue(run.err().contains(file + ":5:15:"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anInvalidPolicyExitsTwoWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                version: 1
                mode: enforse
                """);
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, "backend: http://127.0.0.1:3000\npolicy: policy.yaml\nadmin:\n  listen: 127.0.0.1:0\n"
                + "proxy:\n  listen: 127.0.0.1:0\n");
        CliRun run = CliRun.of("serve", "--config", file.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(policy + ":2:7: unknown mode 'enforse'"), run.err());
    }

    @Test
    void withoutABackendServeExitsTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, "mode: detect\n");
        CliRun run = CliRun.of("serve", "--config", file.toString());
        // BACKEND from the environment would make this start; the test environment has none.
        if (System.getenv("BACKEND") == null || System.getenv("BACKEND").isBlank()) {
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("needs a backend"), run.err());
        }
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        CliRun run = CliRun.of("serve", "--listen", "x");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("unknown option --listen"), run.err());
        assertEquals(2, CliRun.of("demo", "--bogus").code());
    }

    @Test
    void usageNamesServeAndDemo() {
        CliRun run = CliRun.of("--help");
        assertTrue(run.out().contains("serve [--config FILE]"), run.out());
        assertTrue(run.out().contains("demo "), run.out());
    }
}
