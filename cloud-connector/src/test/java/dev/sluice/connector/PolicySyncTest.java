package dev.sluice.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.policy.yaml.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's policy brought into the policy file, one round at a time, against a real HTTP console. */
class PolicySyncTest {
    static final String LOCAL = "version: 1\nmode: detect\n";
    static final String CENTRAL = "version: 1\nmode: enforce\ndefaults:\n  request:\n    attack: block\n";

    @TempDir
    Path dir;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    private PolicySync sync(String url) throws Exception {
        Path file = dir.resolve("policy.yaml");
        if (!Files.exists(file)) {
            Files.writeString(file, LOCAL);
        }
        ConsoleSettings s = ConsoleSettings.builder().url(url).apiKey(ApiKey.of("k-1", "test"))
                .spoolDir(dir.resolve("spool")).policyFile(file).callTimeout(Duration.ofSeconds(5)).build();
        return new PolicySync(new ConsoleHttp(s), s, PolicyLoader.builder().build(),
                new ConnectorLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));
    }

    @Test
    void aValidPolicyReplacesTheFileIsReportedAndIsNotFetchedAgainWhileUnchanged() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            console.policy = etag -> "\"v2\"".equals(etag) ? new ConsoleStub.PolicyAnswer(304, "\"v2\"", null)
                    : new ConsoleStub.PolicyAnswer(200, "\"v2\"", CENTRAL);
            PolicySync sync = sync(console.url());
            sync.pollOnce();
            assertEquals(CENTRAL, Files.readString(dir.resolve("policy.yaml")));
            assertEquals(1, sync.applied());
            ConsoleStub.Call status = console.calls("/v1/policy/status").getFirst();
            assertEquals("PUT", status.method());
            assertEquals("{\"etag\":\"\\\"v2\\\"\",\"applied\":true,\"errors\":[]}", status.text());
            sync.pollOnce();
            assertEquals("\"v2\"", console.calls("/v1/policy").get(1).header("If-None-Match"));
            assertEquals(1, console.calls("/v1/policy/status").size(), "nothing new, nothing reported");
            assertFalse(Files.exists(dir.resolve("policy.yaml.console.tmp")));
        }
    }

    @Test
    void anInvalidPolicyLeavesTheFileAndIsReportedWithItsErrors() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            console.policy = etag -> new ConsoleStub.PolicyAnswer(200, "\"v3\"", "version: 1\nmode: enforcing\n");
            PolicySync sync = sync(console.url());
            sync.pollOnce();
            assertEquals(LOCAL, Files.readString(dir.resolve("policy.yaml")));
            assertEquals(1, sync.refused());
            String status = console.calls("/v1/policy/status").getFirst().text();
            assertTrue(status.contains("\"applied\":false") && status.contains("policy:2:"), status);
            assertTrue(logged.toString(StandardCharsets.UTF_8).contains("is invalid; the file stays"));
        }
    }

    @Test
    void noPolicyAtTheConsoleOrNoConsoleLeavesTheFile() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            sync(console.url()).pollOnce();
            assertEquals(LOCAL, Files.readString(dir.resolve("policy.yaml")));
            assertEquals(0, console.calls("/v1/policy/status").size());
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        sync("http://127.0.0.1:" + closed).pollOnce();
        assertEquals(LOCAL, Files.readString(dir.resolve("policy.yaml")));
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("the policy cannot be fetched (ConnectException)"));
    }

    @Test
    void aPolicyLargerThanAPolicyFileMayBeIsRefused() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            String huge = "version: 1\n# " + "x".repeat(PolicyLoader.MAX_FILE_BYTES) + "\n";
            console.policy = etag -> new ConsoleStub.PolicyAnswer(200, "\"big\"", huge);
            PolicySync sync = sync(console.url());
            sync.pollOnce();
            assertEquals(LOCAL, Files.readString(dir.resolve("policy.yaml")));
            assertEquals(1, sync.refused());
        }
    }
}
