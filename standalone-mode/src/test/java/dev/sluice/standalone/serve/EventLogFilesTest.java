package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.events;
import static dev.sluice.standalone.serve.ServeTests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.config.EventFileRotation;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event log's file under {@code sluice serve}: rotated by Debian's logrotate in its default
 * {@code create} mode (no signal, no postrotate script), and by Sluice itself at its size limit.
 */
class EventLogFilesTest {
    private static final Path LOGROTATE = Path.of("/usr/sbin/logrotate");

    /** An upstream whose every answer carries an e-mail address: one event per exchange under the default policy. */
    private static HttpServer leakingUpstream() throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ex -> ServeTests.respondJson(ex,
                "{\"path\":\"" + ex.getRequestURI().getPath() + "\",\"contact\":\"jane.doe@acme-mail.com\"}"));
        upstream.start();
        return upstream;
    }

    private static void fetch(ServeRuntime serve, String path) throws Exception {
        assertEquals(200, get("http://127.0.0.1:" + serve.proxyPort() + path).statusCode());
    }

    private static List<String> paths(Path file) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events(file)) {
            out.add(e.path("path").asText());
        }
        return out;
    }

    @Test
    void logrotateInCreateModeIsFollowedWithoutASignal(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(LOGROTATE), "logrotate is not installed");
        Path log = dir.resolve("events.jsonl");
        Path conf = dir.resolve("logrotate.conf");
        Files.writeString(conf, "\"" + log + "\" {\n  rotate 3\n  create\n  missingok\n}\n");
        HttpServer upstream = leakingUpstream();
        ServeRuntime serve = ServeTests.serveDefault(upstream, log);
        try {
            for (int i = 0; i < 3; i++) {
                fetch(serve, "/before/" + i);
            }
            awaitEvent(log, e -> e.path("path").asText().equals("/before/2"));
            Process p = new ProcessBuilder(LOGROTATE.toString(), "-f", "-s", dir.resolve("state").toString(),
                    conf.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            for (int i = 0; i < 3; i++) {
                fetch(serve, "/after/" + i);
            }
            awaitEvent(log, e -> e.path("path").asText().equals("/after/2"));
        } finally {
            ServeTests.stop(serve, upstream);
        }
        assertEquals(List.of("/before/0", "/before/1", "/before/2"), paths(dir.resolve("events.jsonl.1")));
        assertEquals(List.of("/after/0", "/after/1", "/after/2"), paths(log));
    }

    /** {@code compress}: rotated files are gzipped ({@code events.compress_rotated}); the same events are kept. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theLogIsRotatedAtItsSizeLimitAndKeepsItsNewestFiles(boolean compress, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("events.jsonl");
        HttpServer upstream = leakingUpstream();
        ServeRuntime serve = ServeTests.serveDefault(upstream.getAddress().getPort(), log,
                b -> b.eventsMaxFileBytes(EventFileRotation.MIN_FILE_BYTES).eventsKeepFiles(2)
                        .eventsCompressRotated(compress));
        int n = 200; // about 100 KB of events: several rotations
        try {
            for (int i = 0; i < n; i++) {
                fetch(serve, "/r/" + i);
            }
            awaitEvent(log, e -> e.path("path").asText().equals("/r/" + (n - 1)));
        } finally {
            ServeTests.stop(serve, upstream);
        }
        List<String> kept = new ArrayList<>();
        String suffix = compress ? ".gz" : "";
        for (Path f : List.of(dir.resolve("events.jsonl.2" + suffix), dir.resolve("events.jsonl.1" + suffix), log)) {
            Path plain = f;
            if (f.toString().endsWith(".gz")) {
                plain = dir.resolve(f.getFileName() + ".plain");
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    Files.copy(in, plain);
                }
            }
            assertTrue(Files.size(plain) <= EventFileRotation.MIN_FILE_BYTES, f + " is " + Files.size(plain) + " bytes");
            kept.addAll(paths(plain));
        }
        assertFalse(Files.exists(dir.resolve("events.jsonl.3" + suffix)));
        assertFalse(compress && Files.exists(dir.resolve("events.jsonl.1")), "a rotated file left uncompressed");
        assertTrue(kept.size() > 20 && kept.size() < n, kept.size() + " events kept");
        for (int i = 0; i < kept.size(); i++) {
            assertEquals("/r/" + (n - kept.size() + i), kept.get(i));
        }
    }

    /**
     * A second {@code sluice serve} that would rotate the same log is refused at its start, naming the
     * setting; one that leaves rotation to logrotate shares the file with the first.
     */
    @Test
    void aSecondServeRotatingTheSameLogIsRefusedAtItsStart(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("events.jsonl");
        HttpServer upstream = leakingUpstream();
        ServeRuntime first = ServeTests.serveDefault(upstream, log);
        try {
            StartupException refused = assertThrows(StartupException.class, () -> ServeTests.serveDefault(upstream, log));
            assertEquals(1, refused.lines().size(), refused.getMessage());
            assertTrue(refused.lines().get(0).startsWith("events.output " + log + ": IOException: the event log " + log
                    + " is already written and rotated by another writer"), refused.getMessage());
            ServeRuntime sharing = ServeTests.serveDefault(upstream.getAddress().getPort(), log,
                    b -> b.eventsMaxFileBytes(0));
            try {
                fetch(first, "/first");
                fetch(sharing, "/sharing");
                awaitEvent(log, e -> e.path("path").asText().equals("/first"));
                awaitEvent(log, e -> e.path("path").asText().equals("/sharing"));
            } finally {
                sharing.close();
            }
        } finally {
            ServeTests.stop(first, upstream);
        }
    }
}
