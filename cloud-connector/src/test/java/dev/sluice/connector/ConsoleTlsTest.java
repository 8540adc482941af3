package dev.sluice.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector over TLS to a console whose certificate a private CA issued (here: self-signed,
 * made by the JDK's keytool for the run): trusted through {@code ca_file}, refused without it.
 */
class ConsoleTlsTest {
    static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static Path caPem;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path store = dir.resolve("console.p12");
        keytool("-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "console", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
    }

    private ConsoleSettings.Builder settings(String url, String spool) {
        return ConsoleSettings.builder().url(url).apiKey(ApiKey.of("k-123", "test")).spoolDir(dir.resolve(spool))
                .maxSpoolBytes(4 << 20).backoff(Duration.ofMillis(10), Duration.ofMillis(100))
                .callTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aConsoleCertifiedByTheConfiguredCaIsReached() throws Exception {
        try (ConsoleStub console = ConsoleStub.https(serverTls);
             ConsoleConnector c = ConsoleConnector.start(settings(console.url(), "trusted").caFile(caPem).build(),
                     new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            ConsoleConnectorTest.spool(c, 0, 2);
            ConsoleConnectorTest.await(() -> c.sent() == 2, "2 events over TLS");
            assertEquals(ConsoleConnectorTest.ids(0, 2), console.eventLines());
        }
    }

    @Test
    void withoutTheCaTheConsoleIsNotTrustedAndTheEventsWait() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (ConsoleStub console = ConsoleStub.https(serverTls);
             ConsoleConnector c = ConsoleConnector.start(settings(console.url(), "untrusted").build(),
                     new PrintStream(logged, true, StandardCharsets.UTF_8))) {
            ConsoleConnectorTest.spool(c, 0, 2);
            ConsoleConnectorTest.await(() -> c.failures() >= 2, "refused handshakes");
            assertEquals(0, c.sent());
            assertEquals(List.of(), console.eventLines());
        }
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("cannot be sent (SSLHandshakeException)"),
                logged.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCaFileWithoutCertificatesIsAStartupError() throws Exception {
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "not a certificate\n");
        assertThrows(IOException.class, () -> ConsoleConnector.start(settings("https://localhost:1", "bad")
                .caFile(empty).build(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }
}
