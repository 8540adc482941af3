package dev.sluice.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSpoolTest {
    static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void append(EventSpool s, String... lines) throws IOException {
        byte[] b = lines(lines);
        s.append(b, 0, b.length, lines.length);
    }

    private static List<String> text(SpoolBatch b) {
        return List.of(new String(b.lines(), StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void linesComeBackInOrderInBoundedBatchesAndACommitMovesOn() throws Exception {
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            append(s, "{\"e\":1}", "{\"e\":2}", "{\"e\":3}");
            append(s, "{\"e\":4}");
            SpoolBatch first = s.next(2, 1 << 20);
            assertEquals(List.of("{\"e\":1}", "{\"e\":2}"), text(first));
            assertEquals(first.id(), s.next(2, 1 << 20).id(), "not committed: the same batch again");
            s.commit(first);
            SpoolBatch second = s.next(10, 1 << 20);
            assertEquals(List.of("{\"e\":3}", "{\"e\":4}"), text(second));
            s.commit(second);
            assertNull(s.next(10, 1 << 20));
            assertEquals(4, s.spooled());
        }
    }

    @Test
    void aBatchStopsAtItsByteBoundButALongerLineComesAlone() throws Exception {
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            String big = "{\"pad\":\"" + "x".repeat(10_000) + "\"}";
            append(s, "{\"e\":1}", big, "{\"e\":3}");
            SpoolBatch b = s.next(100, 4096);
            assertEquals(List.of("{\"e\":1}"), text(b));
            s.commit(b);
            b = s.next(100, 4096);
            assertEquals(1, b.count());
            assertTrue(text(b).getFirst().equals(big), "the long line, whole");
            s.commit(b);
            assertEquals(List.of("{\"e\":3}"), text(s.next(100, 4096)));
        }
    }

    @Test
    void aRestartResumesAfterTheLastCommitAndResendsTheRestUnderTheSameIds() throws Exception {
        String uncommittedId;
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            append(s, "a", "b", "c");
            s.commit(s.next(1, 1 << 20));
            uncommittedId = s.next(1, 1 << 20).id();
        }
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            append(s, "d");
            SpoolBatch b = s.next(10, 1 << 20);
            assertEquals(uncommittedId, b.id());
            assertEquals(List.of("b", "c"), text(b));
            s.commit(b);
            assertEquals(List.of("d"), text(s.next(10, 1 << 20)), "a new process writes a new segment");
        }
    }

    @Test
    void aFullSpoolDropsItsOldestSegmentsAndCountsTheirUnsentLines() throws Exception {
        String line = "x".repeat(1023);
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            for (int i = 0; i < 2048; i++) {
                append(s, i + ":" + line);
            }
            assertTrue(s.bytes() <= MIB, "held " + s.bytes());
            assertTrue(s.dropped() > 900, "dropped " + s.dropped());
            long kept = 0;
            String firstKept = null;
            SpoolBatch b;
            while ((b = s.next(500, 1 << 20)) != null) {
                firstKept = firstKept == null ? text(b).getFirst() : firstKept;
                kept += b.count();
                s.commit(b);
            }
            assertEquals(2048, kept + s.dropped(), "every line is either kept or counted");
            assertTrue(firstKept.startsWith(s.dropped() + ":"), "the oldest went first: " + firstKept.substring(0, 8));
            assertEquals(1, s.segmentFiles().size(), "read segments are deleted");
        }
    }

    @Test
    void aLineCutByACrashIsSkippedAndCounted() throws Exception {
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            append(s, "whole");
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(f -> f.getFileName().toString().startsWith("seg-")).sorted().toList().getLast();
        }
        Files.writeString(segment, "{\"cut", StandardOpenOption.APPEND);
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            append(s, "after");
            SpoolBatch b = s.next(10, 1 << 20);
            assertEquals(List.of("whole"), text(b));
            s.commit(b);
            assertEquals(List.of("after"), text(s.next(10, 1 << 20)));
            assertEquals(1, s.corrupt());
        }
    }

    @Test
    void aBrokenCursorStartsFromTheOldestLine() throws Exception {
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            append(s, "a", "b");
            s.commit(s.next(1, 1 << 20));
        }
        Files.writeString(dir.resolve(EventSpool.CURSOR), "garbage");
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            assertEquals(List.of("a", "b"), text(s.next(10, 1 << 20)), "at least once: repeated, not lost");
        }
    }

    @Test
    void aNewSpoolFolderIsReadableByItsOwnerOnly() throws Exception {
        Path spool = dir.resolve("new").resolve("spool");
        EventSpool.open(spool, MIB, 64 << 10).close();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(spool)));
    }

    @Test
    void aSpoolInUseCannotBeOpenedTwice() throws Exception {
        try (EventSpool s = EventSpool.open(dir, MIB, 64 << 10)) {
            IOException e = assertThrows(IOException.class, () -> EventSpool.open(dir, MIB, 64 << 10));
            assertTrue(e.getMessage().contains("in use by another Sluice process"), e.getMessage());
        }
        EventSpool.open(dir, MIB, 64 << 10).close();
    }

    @Test
    void sizesOutsideTheBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventSpool.open(dir, 1000, 4096));
        assertThrows(IllegalArgumentException.class, () -> EventSpool.open(dir, MIB, MIB));
    }

    /**
     * Seeded runs of appends, reads, commits and restarts against a model: the lines committed are
     * exactly the lines appended, in order, each once, whatever the interleaving (nothing is dropped
     * here: the spool is far from full).
     */
    @RepeatedTest(value = 30, name = "seed {currentRepetition}")
    void anyInterleavingDeliversEveryLineOnceInOrder(RepetitionInfo info) throws Exception {
        Random random = new Random(0x5b001L + info.getCurrentRepetition());
        List<String> appended = new ArrayList<>();
        List<String> committed = new ArrayList<>();
        EventSpool s = EventSpool.open(dir, 4 * MIB, 4096);
        try {
            for (int step = 0; step < 300; step++) {
                int op = random.nextInt(10);
                if (op < 5) {
                    int n = 1 + random.nextInt(5);
                    String[] ls = new String[n];
                    for (int i = 0; i < n; i++) {
                        ls[i] = appended.size() + i + ":" + "y".repeat(random.nextInt(600));
                    }
                    append(s, ls);
                    appended.addAll(List.of(ls));
                } else if (op < 9) {
                    SpoolBatch b = s.next(1 + random.nextInt(8), 4096 + random.nextInt(4096));
                    if (b != null && random.nextInt(4) > 0) {
                        s.commit(b);
                        committed.addAll(text(b));
                    }
                } else {
                    s.close();
                    s = EventSpool.open(dir, 4 * MIB, 4096);
                }
            }
            SpoolBatch b;
            while ((b = s.next(1000, 1 << 20)) != null) {
                s.commit(b);
                committed.addAll(text(b));
            }
        } finally {
            s.close();
        }
        assertEquals(appended, committed);
    }
}
