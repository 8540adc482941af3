package dev.sluice.standalone.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The event log a test's Sluice writes, read while it may still be writing: only lines ended by
 * their line break are events; a last line without one is being written and is left for the
 * next read.
 */
public final class EventLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_NANOS = 10_000_000_000L;

    private EventLog() {
    }

    /** The whole events of {@code file} so far; none when it does not exist yet. */
    public static List<JsonNode> read(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return out;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            int start = 0;
            for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
                if (end > start) {
                    out.add(JSON.readTree(text.substring(start, end)));
                }
                start = end + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The first event of {@code file} that {@code wanted} accepts, waiting up to 10 s for it. */
    public static JsonNode await(Path file, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            for (JsonNode e : read(file)) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such event in " + read(file));
            }
            Thread.sleep(20);
        }
    }
}
