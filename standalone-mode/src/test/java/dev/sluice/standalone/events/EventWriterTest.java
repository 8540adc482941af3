package dev.sluice.standalone.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.Action;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.standalone.config.EventFileRotation;
import dev.sluice.standalone.config.EventsOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARD = "4111111111111111";
    private static final String AWS_KEY = "AKIAIOSFODNN7QWERTYZ";
    private static final String TOKEN = "opaque-token-Zm9vYmFyYmF6cXV4";

    private static ExchangeEvent event(int i) {
        return ExchangeEvent.builder("ex-" + i, Direction.RESPONSE).route("users").action(ExchangeAction.ALERT)
                .finding(EventFinding.of("email", Category.PII, "$.e", String.format("%032x", i), "ab****yz",
                        Action.ALERT))
                .build();
    }

    @Test
    void eventsAreAppendedToAFileOneLineEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        try (EventWriter w = EventWriter.open(EventsOutput.toFile(file), 1024)) {
            for (int i = 0; i < 500; i++) {
                assertTrue(w.submit(event(i)));
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(501, lines.size());
        assertEquals("{\"earlier\":true}", lines.getFirst());
        for (int i = 0; i < 500; i++) {
            JsonNode n = JSON.readTree(lines.get(i + 1));
            assertEquals("ex-" + i, n.get("exchangeId").asText());
        }
        try (EventWriter again = EventWriter.open(EventsOutput.toFile(file), 16)) {
            again.submit(event(500));
        }
        assertEquals(502, Files.readAllLines(file).size());
    }

    @Test
    void aFileLogIsRotatedAtItsLimitWithEveryEventWholeInOneFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        EventFileRotation rotation = new EventFileRotation(EventFileRotation.MIN_FILE_BYTES, 2);
        int n = 3000; // about 600 KB of lines: many rotations, only the last three files kept
        try (EventWriter w = EventWriter.open(EventsOutput.toFile(file), rotation, 8192, null)) {
            for (int i = 0; i < n; i++) {
                assertTrue(w.submit(event(i)));
            }
            w.close();
            assertEquals(n, w.written());
            assertEquals(0, w.failed());
        }
        List<String> kept = new java.util.ArrayList<>();
        for (Path p : List.of(dir.resolve("events.jsonl.2"), dir.resolve("events.jsonl.1"), file)) {
            assertTrue(Files.size(p) <= rotation.maxFileBytes(), p.toString());
            kept.addAll(Files.readAllLines(p));
        }
        assertFalse(Files.exists(dir.resolve("events.jsonl.3")));
        for (int i = 0; i < kept.size(); i++) {
            assertEquals("ex-" + (n - kept.size() + i), JSON.readTree(kept.get(i)).get("exchangeId").asText());
        }
    }

    /** An output that takes nothing until released: the writer thread is stuck in its first write. */
    private static final class StalledOutput extends OutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted");
            }
            synchronized (sink) {
                sink.write(b, off, len);
            }
        }

        long lines() {
            synchronized (sink) {
                return sink.toString(StandardCharsets.US_ASCII).lines().count();
            }
        }
    }

    @Test
    void aStalledOutputNeverMakesSubmitWaitAndDropsAreCounted() {
        StalledOutput stalled = new StalledOutput();
        EventWriter w = EventWriter.to(stalled, false, 64);
        long start = System.nanoTime();
        int accepted = submitWhileStalled(w, stalled, 10_000, 64);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 2_000, "submit waited: " + tookMillis + " ms");
        assertFalse(w.submit(event(1)), "a closed writer takes nothing");
    }

    @Test
    void queuedLinesAreBoundedInBytesAsWellAsInNumber() {
        StalledOutput stalled = new StalledOutput();
        int lineBytes = event(0).toJson().length() + 1;
        long maxBytes = 100L * lineBytes;
        EventWriter w = EventWriter.to(stalled, false, 100_000, maxBytes);
        submitWhileStalled(w, stalled, 5_000, 100);
    }

    /**
     * Submits {@code n} events to {@code w} while its output is stalled, expecting about
     * {@code fits} to be queued (plus at most one batch of 256 the writer took before it stalled)
     * and the rest dropped; then releases the output, closes {@code w} and checks that every
     * accepted event was written. Returns how many were accepted.
     */
    private static int submitWhileStalled(EventWriter w, StalledOutput stalled, int n, int fits) {
        int accepted = 0;
        for (int i = 0; i < n; i++) {
            accepted += w.submit(event(i)) ? 1 : 0;
        }
        assertTrue(accepted >= fits && accepted <= fits + 256, "accepted " + accepted);
        assertEquals(n - accepted, w.dropped());
        stalled.release.countDown();
        w.close();
        assertEquals(accepted, w.written());
        assertEquals(accepted, stalled.lines());
        return accepted;
    }

    @Test
    void aFailingOutputIsCountedAndWritingGoesOn() {
        OutputStream everyOtherWriteFails = new OutputStream() {
            private int calls;

            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (calls++ % 2 == 0) {
                    throw new IOException("No space left on device");
                }
            }
        };
        EventWriter w = EventWriter.to(everyOtherWriteFails, true, 64);
        for (int i = 0; i < 10; i++) {
            // One at a time: a batch is written in one call, and each call here fails or not.
            w.submit(event(i));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (w.written() + w.failed() <= i && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        w.close();
        assertEquals(5, w.failed());
        assertEquals(5, w.written());
    }

    /**
     * A body with a card number, an AWS key id and an opaque token goes through the real inspector;
     * its findings go into an event, with a finding from a careless producer that put raw values
     * where the preview and the hash go, and a request target whose query holds the secrets. None
     * of the values reaches the log.
     */
    @Test
    void noRawValueOrTokenEverReachesTheLog(@TempDir Path dir) throws Exception {
        byte[] body = ("{\"card\":\"" + CARD + "\",\"aws\":\"" + AWS_KEY + "\",\"note\":\"token " + TOKEN + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        ValueHasher hasher = ValueHasher.withKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        InspectionResult result;
        try (MatchEngine engine = MatchEngine.compile(DetectorCatalog.builtin(), hasher)) {
            Inspector inspector = new Inspector(engine, InspectionLimits.defaults());
            try (InspectionSession session = inspector.open(Direction.RESPONSE, "application/json", null)) {
                session.feed(body, 0, body.length);
                result = session.finish();
            }
        }
        assertTrue(result.findings().stream().anyMatch(f -> f.id().equals("credit_card")), result.findings().toString());
        String tokenHash = hasher.hash(TOKEN.getBytes(StandardCharsets.US_ASCII), 0, TOKEN.length()).substring(0, 16);
        ExchangeEvent.Builder b = ExchangeEvent.builder("secret-test", Direction.RESPONSE)
                .token(new TokenIdentity(TokenIdentity.Kind.KEYED_HASH, "h:" + tokenHash))
                .requestTarget("/v1/cards?card=" + CARD + "&access_token=" + TOKEN)
                .action(ExchangeAction.REDACT);
        for (Finding f : result.findings()) {
            b.finding(EventFinding.of(f, Action.REDACT, "defaults.response.pii"));
        }
        b.finding(EventFinding.of("aws_access_key_id", Category.SECRET, "$.aws", AWS_KEY, AWS_KEY, Action.ALERT));
        b.finding(EventFinding.of(new Finding("generic_secret", Category.SECRET, 0, 4, "$.note", "note", TOKEN, TOKEN,
                false, null), Action.ALERT, "implicit"));

        Path file = dir.resolve("events.jsonl");
        try (EventWriter w = EventWriter.open(EventsOutput.toFile(file), 16)) {
            assertTrue(w.submit(b.build()));
        }
        String log = Files.readString(file);
        assertEquals(1, log.lines().count());
        for (String secret : List.of(CARD, AWS_KEY, TOKEN, TOKEN.substring(6, 20), CARD.substring(0, 12),
                AWS_KEY.substring(4, 16))) {
            assertFalse(log.contains(secret), "the log holds " + secret + ": " + log);
        }
        JsonNode n = JSON.readTree(log);
        assertTrue(n.get("findings").size() >= 3, log);
        assertEquals("/v1/cards", n.get("path").asText());
        assertEquals("keyed_hash", n.get("token").get("kind").asText());
        assertEquals("h:" + tokenHash, n.get("token").get("id").asText());
    }
}
