package dev.sluice.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a real HTTP console on loopback ({@link ConsoleStub}). */
class ConsoleConnectorTest {
    static final String KEY = "sk-console-7f3a9c1e5b2d4068";

    @TempDir
    Path dir;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    ConsoleSettings.Builder settings(String url) {
        return ConsoleSettings.builder().url(url).apiKey(ApiKey.of(KEY, "test")).spoolDir(dir.resolve("spool"))
                .maxSpoolBytes(4 << 20).instance("sluice-test-1")
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).callTimeout(Duration.ofSeconds(5));
    }

    static void spool(ConsoleConnector c, int from, int count) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            b.append("{\"exchangeId\":\"e-").append(i).append("\"}\n");
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        c.spool(bytes, 0, bytes.length, count);
    }

    static List<String> ids(int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add("{\"exchangeId\":\"e-" + i + "\"}");
        }
        return out;
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void eventsReachTheConsoleGzippedWithTheKeyTheInstanceAndABatchId() throws Exception {
        try (ConsoleStub console = ConsoleStub.http();
             ConsoleConnector c = ConsoleConnector.start(settings(console.url()).build(), log)) {
            spool(c, 0, 3);
            await(() -> c.sent() == 3, "3 events sent");
            ConsoleStub.Call call = console.calls("/v1/events").getFirst();
            assertEquals("POST", call.method());
            assertEquals("Bearer " + KEY, call.header("Authorization"));
            assertEquals("sluice-test-1", call.header("Sluice-Instance"));
            assertEquals("gzip", call.header("Content-Encoding"));
            assertEquals("application/x-ndjson", call.header("Content-Type"));
            assertEquals("3", call.header("Sluice-Events"));
            assertTrue(call.header("Sluice-Batch").matches("\\d+-\\d+"), call.header("Sluice-Batch"));
            assertEquals(ids(0, 3), console.eventLines());
        }
    }

    @Test
    void anOutageLosesNothingAndARetryCarriesTheSameBatchId() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            console.eventStatuses.addAll(List.of(503, 503, 500));
            try (ConsoleConnector c = ConsoleConnector.start(settings(console.url()).build(), log)) {
                spool(c, 0, 5);
                await(() -> c.sent() == 5, "5 events sent");
                assertEquals(3, c.failures());
            }
            List<ConsoleStub.Call> calls = console.calls("/v1/events");
            Set<String> batchIds = new HashSet<>();
            calls.forEach(call -> batchIds.add(call.header("Sluice-Batch")));
            assertEquals(1, batchIds.size(), "every retry of the batch under one id");
            assertEquals(ids(0, 5), console.eventLines());
            String text = logged.toString(StandardCharsets.UTF_8);
            assertEquals(1, text.split("answers HTTP", -1).length - 1, "an outage is told once: " + text);
            assertTrue(text.contains("events are accepted again"), text);
        }
    }

    @Test
    void aBatchTheConsoleRefusesForGoodIsDroppedAndLaterEventsStillGo() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            console.eventStatuses.add(400);
            try (ConsoleConnector c = ConsoleConnector.start(settings(console.url()).build(), log)) {
                spool(c, 0, 2);
                await(() -> c.dropped() == 2, "the refused batch dropped");
                spool(c, 2, 2);
                await(() -> c.sent() == 2, "later events sent");
            }
            assertEquals(ids(2, 2), console.eventLines());
        }
    }

    @Test
    void aBatchTooLargeForTheConsoleIsHalvedUntilItFits() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            console.eventStatuses.addAll(List.of(413, 413));
            try (ConsoleConnector c = ConsoleConnector.start(settings(console.url()).build(), log)) {
                spool(c, 0, 8);
                await(() -> c.sent() == 8, "8 events sent");
                assertEquals(0, c.dropped());
            }
            List<ConsoleStub.Call> calls = console.calls("/v1/events");
            assertEquals(List.of("8", "4", "2"), calls.subList(0, 3).stream().map(x -> x.header("Sluice-Events")).toList());
            assertEquals(ids(0, 8), console.eventLines());
        }
    }

    @Test
    void aRefusedKeyKeepsTheEventsAndIsNeverPrinted() throws Exception {
        try (ConsoleStub console = ConsoleStub.http()) {
            console.eventStatuses.addAll(List.of(401, 401, 403));
            try (ConsoleConnector c = ConsoleConnector.start(settings(console.url()).build(), log)) {
                spool(c, 0, 1);
                await(() -> c.sent() == 1, "sent once the key is accepted");
                assertFalse(c.toString().contains(KEY));
                assertFalse(c.settings().toString().contains(KEY));
            }
            String text = logged.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("check the API key"), text);
            assertFalse(text.contains(KEY), text);
        }
    }

    @Test
    void eventsSpooledWhileTheConsoleIsUnreachableArriveAfterARestart() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (ConsoleConnector c = ConsoleConnector.start(settings("http://127.0.0.1:" + closed).build(), log)) {
            spool(c, 0, 4);
            await(() -> c.failures() >= 2, "two failed attempts");
            assertEquals(0, c.sent());
        }
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("cannot be sent (ConnectException)"),
                logged.toString(StandardCharsets.UTF_8));
        try (ConsoleStub console = ConsoleStub.http();
             ConsoleConnector c = ConsoleConnector.start(settings(console.url()).build(), log)) {
            await(() -> c.sent() == 4, "the spooled events sent by the next process");
            assertEquals(ids(0, 4), console.eventLines());
        }
    }

    @Test
    void theConsoleMustBeHttpsUnlessItIsOnLoopback() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsoleSettings.builder().url("http://console.example.com"));
        assertTrue(e.getMessage().contains("https"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsoleSettings.builder().url("https://user:pw@console"));
        assertThrows(IllegalArgumentException.class, () -> ConsoleSettings.builder().url("ftp://console"));
        assertEquals("https://console.example.com/api", settings("https://console.example.com/api/").build().url()
                .toString());
        ConsoleSettings.builder().url("http://127.0.0.1:8080");
        ConsoleSettings.builder().url("http://[::1]:8080");
    }

    @Test
    void anApiKeyFileIsReadTrimmedAndCheckedWithoutEverShowingTheKey() throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "  " + KEY + "\n");
        ApiKey key = ApiKey.read(file);
        assertEquals("Bearer " + KEY, key.bearer());
        assertFalse(key.toString().contains(KEY));
        Files.writeString(file, "two words");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKey.read(file));
        assertFalse(e.getMessage().contains("two"), e.getMessage());
        Files.writeString(file, "\n");
        assertThrows(IllegalArgumentException.class, () -> ApiKey.read(file));
        Files.writeString(file, "k".repeat(ApiKey.MAX_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> ApiKey.read(file));
    }
}
