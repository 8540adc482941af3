package dev.sluice.standalone.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.standalone.config.EventFileRotation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventFileTest {
    private static final long LIMIT = EventFileRotation.MIN_FILE_BYTES;

    private final ByteArrayOutputStream errText = new ByteArrayOutputStream();
    private final PrintStream errors = new PrintStream(errText, true, StandardCharsets.UTF_8);

    private static String line(int n, int padding) {
        return "{\"n\":" + n + ",\"pad\":\"" + "x".repeat(padding) + "\"}\n";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Batches of lines of random lengths (some longer than a whole file); every file ends between two lines. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void filesAreRotatedBetweenLinesAndTheNewestKept(long seed, @TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path path = dir.resolve("events.jsonl");
        int keep = 3;
        int n = 0;
        try (EventFile file = EventFile.open(path, new EventFileRotation(LIMIT, keep), errors)) {
            for (int batch = 0; batch < 120; batch++) {
                StringBuilder b = new StringBuilder();
                int count = 1 + random.nextInt(40);
                for (int i = 0; i < count; i++) {
                    int padding = random.nextInt(50) == 0 ? (int) LIMIT + random.nextInt(2000) : random.nextInt(600);
                    b.append(line(n++, padding));
                }
                byte[] data = bytes(b.toString());
                file.write(data, 0, data.length);
            }
        }
        List<String> kept = new ArrayList<>();
        for (int g = keep; g >= 1; g--) {
            Path older = dir.resolve("events.jsonl." + g);
            assertTrue(Files.exists(older), "generation " + g);
            checkFile(older);
            kept.addAll(lines(older));
        }
        checkFile(path);
        kept.addAll(lines(path));
        assertFalse(Files.exists(dir.resolve("events.jsonl." + (keep + 1))));
        // The kept files hold the last lines written, in order, none cut or lost between them.
        for (int i = 0; i < kept.size(); i++) {
            assertTrue(kept.get(i).startsWith("{\"n\":" + (n - kept.size() + i) + ","), kept.get(i));
        }
        assertEquals("", errText.toString(StandardCharsets.UTF_8));
    }

    /**
     * With compression, every rotated file is FILE.n.gz once the file is closed (no plain file and
     * no temporary one left), each holds whole lines within the limit, and together with the
     * current file they hold the last lines written, in order.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void rotatedFilesAreGzippedAndKeepTheNewestLines(long seed, @TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path path = dir.resolve("events.jsonl");
        int keep = 3;
        int n = 0;
        try (EventFile file = EventFile.open(path, new EventFileRotation(LIMIT, keep, true), errors)) {
            for (int batch = 0; batch < 80; batch++) {
                StringBuilder b = new StringBuilder();
                for (int i = 1 + random.nextInt(30); i > 0; i--) {
                    b.append(line(n++, random.nextInt(600)));
                }
                byte[] data = bytes(b.toString());
                file.write(data, 0, data.length);
            }
        }
        List<String> kept = new ArrayList<>();
        for (int g = keep; g >= 1; g--) {
            Path gz = dir.resolve("events.jsonl." + g + ".gz");
            assertTrue(Files.exists(gz), "generation " + g);
            assertFalse(Files.exists(dir.resolve("events.jsonl." + g)), "generation " + g + " left uncompressed");
            byte[] content = gunzip(gz);
            assertTrue(content.length > 0 && content.length <= LIMIT && content[content.length - 1] == '\n', gz.toString());
            kept.addAll(new String(content, StandardCharsets.UTF_8).lines().toList());
        }
        kept.addAll(lines(path));
        try (var listing = Files.list(dir)) {
            assertEquals(keep + 2, listing.count(), "the file, its kept generations and its lock, nothing else");
        }
        assertTrue(Files.exists(EventFileLock.pathOf(path)));
        for (int i = 0; i < kept.size(); i++) {
            assertTrue(kept.get(i).startsWith("{\"n\":" + (n - kept.size() + i) + ","), kept.get(i));
        }
        assertEquals("", errText.toString(StandardCharsets.UTF_8));
    }

    /** A log rotated uncompressed before: its plain generations shift with the new ones, never past the limit. */
    @Test
    void compressionTurnedOnLaterKeepsTheOlderPlainGenerations(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("events.jsonl");
        Files.writeString(dir.resolve("events.jsonl.1"), line(-2, 10));
        Files.writeString(dir.resolve("events.jsonl.2"), line(-3, 10));
        Files.writeString(path, line(-1, 10));
        try (EventFile file = EventFile.open(path, new EventFileRotation(LIMIT, 3, true), errors)) {
            byte[] big = bytes(line(0, (int) LIMIT - 40));
            file.write(big, 0, big.length); // the current file is full: rotated first
        }
        assertEquals(List.of(line(-1, 10).strip()), new String(gunzip(dir.resolve("events.jsonl.1.gz")),
                StandardCharsets.UTF_8).lines().toList());
        assertEquals(List.of(line(-2, 10).strip()), lines(dir.resolve("events.jsonl.2")));
        assertEquals(List.of(line(-3, 10).strip()), lines(dir.resolve("events.jsonl.3")));
        byte[] more = bytes(line(1, (int) LIMIT - 40));
        try (EventFile file = EventFile.open(path, new EventFileRotation(LIMIT, 3, true), errors)) {
            file.write(more, 0, more.length);
        }
        // events.jsonl.3 (the oldest) is gone; nothing holds more than keep generations.
        assertTrue(Files.exists(dir.resolve("events.jsonl.1.gz")) && Files.exists(dir.resolve("events.jsonl.2.gz")));
        assertEquals(List.of(line(-2, 10).strip()), lines(dir.resolve("events.jsonl.3")));
        try (var listing = Files.list(dir)) {
            assertEquals(5, listing.count(), "the file, three generations, the lock");
        }
    }

    private static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Whole lines only, and within the limit unless the file is one line longer than it. */
    private static void checkFile(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        assertTrue(content.length > 0, file + " is empty");
        assertEquals('\n', content[content.length - 1], file + " ends inside a line");
        long lineCount = lines(file).size();
        assertTrue(content.length <= LIMIT || lineCount == 1, file + ": " + content.length + " bytes in "
                + lineCount + " lines");
    }

    @Test
    void withoutALimitTheFileIsNeverRotated(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("events.jsonl");
        byte[] data = bytes(line(1, 5000).repeat(10));
        try (EventFile file = EventFile.open(path, EventFileRotation.NONE, errors)) {
            for (int i = 0; i < 20; i++) {
                file.write(data, 0, data.length);
            }
        }
        assertEquals(20L * data.length, Files.size(path));
        try (var siblings = Files.list(dir)) {
            assertEquals(1, siblings.count(), "no generation, and no lock: a writer that does not rotate takes none");
        }
    }

    /** logrotate's default: it renames the file and creates nothing the writer would use. */
    @Test
    void aFileMovedAwayIsFollowedByANewOneAtItsPath(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("events.jsonl");
        Path moved = dir.resolve("events.jsonl-20261123");
        try (EventFile file = EventFile.open(path, EventFileRotation.DEFAULT, errors)) {
            file.write(bytes(line(1, 10)));
            Files.move(path, moved);
            file.write(bytes(line(2, 10)));
            file.write(bytes(line(3, 10)));
        }
        assertEquals(List.of(line(1, 10).strip()), lines(moved));
        assertEquals(List.of(line(2, 10).strip(), line(3, 10).strip()), lines(path));
    }

    @Test
    void aRemovedFileIsStartedAgain(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("events.jsonl");
        try (EventFile file = EventFile.open(path, EventFileRotation.DEFAULT, errors)) {
            file.write(bytes(line(1, 10)));
            Files.delete(path);
            file.write(bytes(line(2, 10)));
        }
        assertEquals(List.of(line(2, 10).strip()), lines(path));
    }

    /** logrotate's copytruncate: the file is emptied under the writer, which goes on at its new end. */
    @Test
    void aFileEmptiedInPlaceIsWrittenOnFromItsStart(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("events.jsonl");
        byte[] batch = bytes(line(1, 200).repeat(40)); // about 9 KiB: two of them pass the limit
        try (EventFile file = EventFile.open(path, new EventFileRotation(LIMIT, 2), errors)) {
            file.write(batch, 0, batch.length);
            try (FileChannel other = FileChannel.open(path, StandardOpenOption.WRITE)) {
                other.truncate(0);
            }
            file.write(batch, 0, batch.length);
        }
        assertArrayEquals(batch, Files.readAllBytes(path), "no hole of zeros, no rotation counted on the old size");
        assertFalse(Files.exists(dir.resolve("events.jsonl.1")));
    }

    @Test
    void aRotationThatCannotRenameIsReportedOnceAndLosesNothing(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("events.jsonl");
        Files.createDirectories(dir.resolve("events.jsonl.1").resolve("in-the-way")); // a folder not empty
        byte[] batch = bytes(line(1, 1000).repeat(10));
        try (EventFile file = EventFile.open(path, new EventFileRotation(LIMIT, 1), errors)) {
            for (int i = 0; i < 5; i++) {
                file.write(batch, 0, batch.length);
            }
        }
        assertEquals(5L * batch.length, Files.size(path));
        String err = errText.toString(StandardCharsets.UTF_8);
        assertTrue(err.startsWith("sluice: the event log cannot be rotated (DirectoryNotEmptyException"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void aFolderThatVanishesFailsTheBatchAndTheNextOneStartsAgain(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("log");
        Files.createDirectories(folder);
        Path path = folder.resolve("events.jsonl");
        try (EventFile file = EventFile.open(path, EventFileRotation.DEFAULT, errors)) {
            file.write(bytes(line(1, 10)));
            Files.delete(path); // as rm -r would: the file, its lock, the folder
            Files.delete(EventFileLock.pathOf(path));
            Files.delete(folder);
            assertThrows(IOException.class, () -> file.write(bytes(line(2, 10))));
            Files.createDirectories(folder);
            file.write(bytes(line(3, 10)));
            // The lock went with the folder: the file started anew is locked again.
            assertThrows(IOException.class, () -> EventFile.open(path, EventFileRotation.DEFAULT, errors));
        }
        assertEquals(List.of(line(3, 10).strip()), lines(path));
    }

    /**
     * A writer started while the folder was gone locks the new lock file first: it rotates the log,
     * and the first writer, finding its lock file replaced, says so once and no longer rotates.
     */
    @Test
    void aWriterThatTookTheNewLockRotatesAndTheFirstStops(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("log");
        Files.createDirectories(folder);
        Path path = folder.resolve("events.jsonl");
        EventFileRotation rotation = new EventFileRotation(LIMIT, 2);
        try (EventFile first = EventFile.open(path, rotation, errors)) {
            first.write(bytes(line(1, 10)));
            removeFolderAndMakeItAgain(path);
            try (EventFile second = EventFile.open(path, rotation, errors)) {
                byte[] big = bytes(line(2, (int) LIMIT / 2).repeat(3));
                first.write(big, 0, big.length);
                assertFalse(Files.exists(folder.resolve("events.jsonl.1")), "the first writer no longer rotates");
                String err = errText.toString(StandardCharsets.UTF_8);
                assertTrue(err.contains("is already written and rotated by another writer in this process")
                        && err.contains("this process no longer rotates it"), err);
                assertEquals(1, err.lines().count(), err);
                second.write(bytes(line(3, 10)));
                assertTrue(Files.exists(folder.resolve("events.jsonl.1")), "the second one does");
            }
        }
    }

    /**
     * The writer that took the rotation over stops: the first takes it back when the file is next
     * due for a rotation (trying at most once a second, silently while the other still holds the
     * lock), so the file does not grow without bound.
     */
    @Test
    void aYieldedRotationIsTakenBackOnceTheOtherWriterStops(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("log");
        Files.createDirectories(folder);
        Path path = folder.resolve("events.jsonl");
        EventFileRotation rotation = new EventFileRotation(LIMIT, 2);
        AtomicLong clock = new AtomicLong(1);
        byte[] big = bytes(line(2, (int) LIMIT / 2).repeat(3));
        try (EventFile first = EventFile.open(path, rotation, errors, clock::get)) {
            first.write(bytes(line(1, 10)));
            removeFolderAndMakeItAgain(path);
            try (EventFile second = EventFile.open(path, rotation, errors)) {
                first.write(big, 0, big.length); // yields: the lock file is the second's
                clock.addAndGet(2_000_000_000L);
                first.write(big, 0, big.length); // tries again, and the lock is still held
                assertFalse(Files.exists(folder.resolve("events.jsonl.1")));
            }
            first.write(big, 0, big.length); // within the second: not tried
            assertFalse(Files.exists(folder.resolve("events.jsonl.1")), "one try a second");
            clock.addAndGet(2_000_000_000L);
            first.write(big, 0, big.length);
            assertTrue(Files.exists(folder.resolve("events.jsonl.1")), "the first writer rotates again");
            assertTrue(Files.size(path) <= LIMIT, Files.size(path) + " bytes");
            assertThrows(IOException.class, () -> EventFile.open(path, rotation, errors), "and holds the lock");
        }
        List<String> err = errText.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, err.size(), err.toString());
        assertTrue(err.get(0).contains("this process no longer rotates it"), err.toString());
        assertTrue(err.get(1).endsWith("this process rotates it again"), err.toString());
    }

    /** As {@code rm -r} of the log's folder and a {@code mkdir} after it: the file and its lock go. */
    private static void removeFolderAndMakeItAgain(Path log) throws IOException {
        Files.delete(log);
        Files.delete(EventFileLock.pathOf(log));
        Files.delete(log.getParent());
        Files.createDirectories(log.getParent());
    }

    /** A pipe (as {@code /dev/stdout} in a container is) is written to, never renamed or reopened. */
    @Test
    void aPipeIsWrittenToAndNeverRotated(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("events.pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] batch = bytes(line(1, 1000).repeat(10));
        try (EventFile file = EventFile.open(fifo, new EventFileRotation(LIMIT, 2), errors)) {
            for (int i = 0; i < 10; i++) {
                file.write(batch, 0, batch.length);
            }
        }
        assertEquals(10L * batch.length, read.get(10, TimeUnit.SECONDS).length);
        assertFalse(Files.exists(dir.resolve("events.pipe.1")));
        assertTrue(Files.exists(fifo));
    }

    /** Two writers rotating one file would each rename it when it fills: the second is refused at its start. */
    @Test
    void aSecondRotatingWriterIsRefusedUntilTheFirstCloses(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("events.jsonl");
        EventFileRotation rotation = new EventFileRotation(LIMIT, 2);
        try (EventFile first = EventFile.open(path, rotation, errors)) {
            IOException refused = assertThrows(IOException.class, () -> EventFile.open(path, rotation, errors));
            assertTrue(refused.getMessage().startsWith("the event log " + path + " is already written and rotated"
                    + " by another writer in this process, which holds " + path + ".lock"), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("set events.max_file_bytes: 0 in all of them and rotate the file"
                    + " with logrotate"), refused.getMessage());
            first.write(bytes(line(1, 10))); // the refusal took nothing from the first
            // A writer that leaves rotation to logrotate takes no lock and shares the file.
            try (EventFile appender = EventFile.open(path, EventFileRotation.NONE, errors)) {
                appender.write(bytes(line(2, 10)));
            }
        }
        try (EventFile next = EventFile.open(path, rotation, errors)) {
            next.write(bytes(line(3, 10)));
        }
        assertEquals(List.of(line(1, 10).strip(), line(2, 10).strip(), line(3, 10).strip()), lines(path));
        assertEquals("", errText.toString(StandardCharsets.UTF_8));
    }

    /** The lock is the operating system's: another process holding it (python's lockf) is named by its pid. */
    @Test
    void aLockHeldByAnotherProcessNamesItsPid(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("events.jsonl");
        Process holder;
        try {
            holder = new ProcessBuilder("python3", "-c", "import fcntl, os, sys\n"
                    + "f = open(sys.argv[1], 'a+')\n"
                    + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                    + "f.truncate(0); f.write('%d\\n' % os.getpid()); f.flush()\n"
                    + "print('locked', flush=True)\n"
                    + "sys.stdin.read()\n", EventFileLock.pathOf(path).toString()).start();
        } catch (IOException noPython) {
            Assumptions.abort("python3 is not installed");
            return;
        }
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
            IOException refused = assertThrows(IOException.class,
                    () -> EventFile.open(path, new EventFileRotation(LIMIT, 2), errors));
            assertTrue(refused.getMessage().contains("by another process (pid " + holder.pid() + "), which holds"),
                    refused.getMessage());
            holder.getOutputStream().close(); // the holder exits, and its lock goes with it
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            try (EventFile file = EventFile.open(path, new EventFileRotation(LIMIT, 2), errors)) {
                file.write(bytes(line(1, 10)));
            }
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(EventFileLock.pathOf(path)));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aStartInAFolderThatDoesNotExistFails(@TempDir Path dir) {
        assertThrows(IOException.class, () -> EventFile.open(dir.resolve("nowhere/events.jsonl"),
                EventFileRotation.DEFAULT, errors));
    }
}
