package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.standalone.proxy.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
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

    @Test
    void checkReadsEverythingAStartReadsAndStartsNothing(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        Files.writeString(dir.resolve("policy.yaml"), "version: 1\nmode: detect\n");
        Path events = dir.resolve("events.jsonl");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Listening where a start could not: only a check that binds nothing exits 0.
            Path file = Files.writeString(dir.resolve("sluice.yaml"), "backend: https://orders.internal:8443\n"
                    + "policy: policy.yaml\nproxy:\n  listen: 127.0.0.1:" + taken.getLocalPort() + "\n"
                    + "tls:\n  cert_file: " + pki.serverCertPem + "\n  key_file: " + pki.serverKeyPem + "\n"
                    + "backend_tls:\n  ca_file: " + pki.caPem + "\nevents:\n  output: " + events + "\n");
            CliRun run = CliRun.of("serve", "--config", file.toString(), "--check");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("sluice serve: proxy 127.0.0.1:" + taken.getLocalPort()
                    + " -> https://orders.internal:8443, TLS files read"), run.out());
            assertTrue(run.out().contains("mode detect") && run.out().endsWith("sluice serve: configuration OK\n"),
                    run.out());
        }
        assertTrue(!Files.exists(events), "a check writes no event log");
    }

    @Test
    void checkReportsEveryProblemAtOnce(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "version: 1\nmode: enforse\n");
        Path file = Files.writeString(dir.resolve("sluice.yaml"), "backend: http://127.0.0.1:3000\npolicy: policy.yaml\n"
                + "tls:\n  cert_file: " + pki.serverCertPem + "\n  key_file: " + pki.clientKeyPem + "\n");
        CliRun run = CliRun.of("serve", "--check", "--config", file.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(policy + ":2:7: unknown mode 'enforse'"), run.err());
        assertTrue(run.err().contains("sluice serve: tls: the private key " + pki.clientKeyPem
                + " does not belong to the certificate CN=localhost"), run.err());
        assertEquals("", run.out());

        // The ext_proc server needs no backend and reads no proxy TLS files.
        Path extproc = Files.writeString(dir.resolve("extproc.yaml"), "mode: detect\n");
        CliRun ok = CliRun.of("extproc", "--config", extproc.toString(), "--check");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().endsWith("sluice extproc: configuration OK\n"), ok.out());
    }
}
