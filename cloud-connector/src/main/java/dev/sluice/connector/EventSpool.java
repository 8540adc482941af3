package dev.sluice.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Event lines waiting for the console, on disk, so that a console outage or a restart loses
 * nothing the disk kept. Lines are appended to segment files ({@code seg-<n>.ndjson}) and read back
 * in batches from a cursor, which a successful upload moves on ({@link #commit}); a segment read to
 * its end is deleted. Delivery is at least once: a batch sent but not committed before a crash is
 * sent again, under the same {@link SpoolBatch#id()}, so the console can drop the repeat.
 *
 * <p>Bounds: the spool holds at most {@code maxBytes}. Past that the oldest segment is deleted and
 * its unsent lines are counted as dropped: the newest events matter most during a long outage, and
 * the disk must not fill. A new process never appends to an old segment, so a line cut by a crash
 * stays the last of its segment, where the reader skips it (counted as corrupt). The current
 * segment is forced to disk when it is rolled and at most once a second while appended to: a
 * process crash loses nothing, a power cut at most the last second.
 *
 * <p>Thread-safe: one writer (the event log's thread) and one reader (the uploader) at a time.
 */
public final class EventSpool implements AutoCloseable {
    static final String CURSOR = "cursor";
    static final String LOCK = "lock";
    /** A line longer than this cannot be an event (the event log bounds them far lower): it is corrupt. */
    static final int MAX_LINE_BYTES = 16 << 20;
    private static final long FORCE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** Segment number to its size in bytes; the last entry is the one appended to. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    /** Held while open: two processes appending to one spool would interleave their segments. */
    private FileChannel lockChannel;
    private FileChannel current;
    private long currentSeq;
    private long totalBytes;
    private long cursorSeq;
    private long cursorOffset;
    private long lastForce;
    private boolean closed;

    private EventSpool(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the spool in {@code dir} (created if missing), resuming from its cursor.
     *
     * @param maxBytes     the most the spool holds on disk; at least 1 MiB
     * @param segmentBytes the size at which a segment is closed and a new one begun; at most a quarter of {@code maxBytes}
     */
    public static EventSpool open(Path dir, long maxBytes, long segmentBytes) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes < 1 << 20 || segmentBytes < 4096 || segmentBytes > maxBytes / 4) {
            throw new IllegalArgumentException("spool of " + maxBytes + " bytes in segments of " + segmentBytes
                    + ": needs at least 1 MiB, segments of 4 KiB to a quarter of it");
        }
        if (!Files.isDirectory(dir)) {
            // Events hold masked previews and keyed hashes, not values; still, only Sluice's user reads them.
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        EventSpool s = new EventSpool(dir, maxBytes, segmentBytes);
        s.lock();
        try {
            s.load();
        } catch (IOException | RuntimeException e) {
            s.lockChannel.close();
            throw e;
        }
        return s;
    }

    private void lock() throws IOException {
        lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock held;
        try {
            held = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            lockChannel.close();
            throw new IOException("the spool " + dir + " is in use by another Sluice process; give each its own spool_dir");
        }
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "seg-*.ndjson")) {
            for (Path f : files) {
                Long seq = sequenceOf(f.getFileName().toString());
                if (seq != null) {
                    long size = Files.size(f);
                    segments.put(seq, size);
                    totalBytes += size;
                }
            }
        }
        readCursor();
        // A segment before the cursor was read to its end but not yet deleted.
        while (!segments.isEmpty() && segments.firstKey() < cursorSeq) {
            deleteSegment(segments.firstKey());
        }
        if (segments.isEmpty() || segments.firstKey() > cursorSeq) {
            cursorSeq = segments.isEmpty() ? 1 : segments.firstKey();
            cursorOffset = 0;
        }
        openSegment(segments.isEmpty() ? cursorSeq : segments.lastKey() + 1);
    }

    private void readCursor() {
        try {
            String[] parts = Files.readString(dir.resolve(CURSOR), StandardCharsets.US_ASCII).strip().split(" ");
            cursorSeq = Long.parseLong(parts[0]);
            cursorOffset = Long.parseLong(parts[1]);
            if (cursorSeq < 1 || cursorOffset < 0) {
                throw new NumberFormatException("negative");
            }
        } catch (IOException | RuntimeException e) {
            // No cursor (a new spool) or a broken one: start from the oldest segment; lines may repeat.
            cursorSeq = 0;
            cursorOffset = 0;
        }
    }

    private static Long sequenceOf(String name) {
        try {
            return Long.parseLong(name.substring(4, name.length() - ".ndjson".length()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Path segmentFile(long seq) {
        return dir.resolve(String.format("seg-%020d.ndjson", seq));
    }

    private void openSegment(long seq) throws IOException {
        current = FileChannel.open(segmentFile(seq), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        currentSeq = seq;
        segments.putIfAbsent(seq, current.size());
    }

    /**
     * Appends {@code count} whole lines ({@code len} bytes from {@code off}, each ending in a line
     * feed). Never blocks on the uploader; makes room by dropping the oldest segment when full.
     */
    public void append(byte[] buf, int off, int len, int count) throws IOException {
        if (len == 0) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                dropped.addAndGet(count);
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            while (b.hasRemaining()) {
                current.write(b);
            }
            segments.merge(currentSeq, (long) len, Long::sum);
            totalBytes += len;
            spooled.addAndGet(count);
            long now = System.nanoTime();
            if (segments.get(currentSeq) >= segmentBytes) {
                current.force(false);
                current.close();
                openSegment(currentSeq + 1);
                lastForce = now;
            } else if (now - lastForce > FORCE_EVERY_NANOS) {
                current.force(false);
                lastForce = now;
            }
            while (totalBytes > maxBytes && segments.size() > 1) {
                dropOldest();
            }
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the oldest segment to make room; its lines not yet sent are counted as dropped. */
    private void dropOldest() throws IOException {
        long oldest = segments.firstKey();
        if (oldest == cursorSeq) {
            dropped.addAndGet(countLines(oldest, cursorOffset));
            cursorSeq = segments.higherKey(oldest);
            cursorOffset = 0;
            writeCursor();
        }
        deleteSegment(oldest);
    }

    private long countLines(long seq, long from) throws IOException {
        long lines = 0;
        try (FileChannel ch = FileChannel.open(segmentFile(seq), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            long pos = from;
            int n;
            while ((n = ch.read(b.clear(), pos)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (b.get(i) == '\n') {
                        lines++;
                    }
                }
                pos += n;
            }
        }
        return lines;
    }

    private void deleteSegment(long seq) throws IOException {
        Long size = segments.remove(seq);
        totalBytes -= size == null ? 0 : size;
        Files.deleteIfExists(segmentFile(seq));
    }

    /**
     * The next lines to send from the cursor: at most {@code maxLines} and about {@code maxBytes}
     * (a single longer line comes alone), or null when every line was sent.
     */
    public SpoolBatch next(int maxLines, int maxBytes) throws IOException {
        lock.lock();
        try {
            while (!closed) {
                long size = segments.getOrDefault(cursorSeq, 0L);
                if (cursorOffset >= size) {
                    if (cursorSeq == currentSeq) {
                        return null;
                    }
                    // Read to its end: the next segment begins.
                    long finished = cursorSeq;
                    cursorSeq = segments.higherKey(finished);
                    cursorOffset = 0;
                    writeCursor();
                    deleteSegment(finished);
                    continue;
                }
                SpoolBatch batch = read(cursorSeq, cursorOffset, size, maxLines, maxBytes);
                if (batch != null) {
                    return batch;
                }
                // No line end before the segment's end: a line cut by a crash, never completed.
                corrupt.incrementAndGet();
                cursorOffset = size;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private SpoolBatch read(long seq, long offset, long size, int maxLines, int maxBytes) throws IOException {
        int want = (int) Math.min(size - offset, Math.max(maxBytes, 1));
        try (FileChannel ch = FileChannel.open(segmentFile(seq), StandardOpenOption.READ)) {
            while (true) {
                ByteBuffer b = ByteBuffer.allocate(want);
                while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                    // keep reading until the window is full
                }
                byte[] bytes = b.array();
                int end = 0;
                int lines = 0;
                // A window grown past maxBytes is for one long line only.
                int lineLimit = want > maxBytes ? 1 : maxLines;
                for (int i = 0; i < b.position() && lines < lineLimit; i++) {
                    if (bytes[i] == '\n') {
                        end = i + 1;
                        lines++;
                    }
                }
                if (lines > 0) {
                    byte[] out = end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end);
                    return new SpoolBatch(seq + "-" + offset, out, lines, seq, offset + end);
                }
                if (want >= size - offset || want >= MAX_LINE_BYTES) {
                    return null;
                }
                want = (int) Math.min(Math.min(size - offset, MAX_LINE_BYTES), (long) want * 2);
            }
        }
    }

    /** Marks {@code batch} sent: the cursor moves past it and survives a restart. */
    public void commit(SpoolBatch batch) throws IOException {
        lock.lock();
        try {
            if (batch.segment() == cursorSeq && batch.end() > cursorOffset) {
                cursorOffset = batch.end();
                writeCursor();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeCursor() throws IOException {
        Path tmp = dir.resolve(CURSOR + ".tmp");
        Files.writeString(tmp, cursorSeq + " " + cursorOffset + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Waits up to {@code timeout} for lines to be appended (or the spool closed). */
    public void awaitAppend(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (!closed) {
                appended.await(timeout, unit);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lines appended since this process opened the spool. */
    public long spooled() {
        return spooled.get();
    }

    /** Lines deleted unsent because the spool was full (or appended after it closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Lines cut short by a crash and skipped. */
    public long corrupt() {
        return corrupt.get();
    }

    /** Bytes on disk in segments, sent or not. */
    public long bytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The segment files, oldest first (for tests and diagnostics). */
    List<Path> segmentFiles() {
        lock.lock();
        try {
            List<Path> out = new ArrayList<>();
            segments.keySet().forEach(s -> out.add(segmentFile(s)));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Forces the current segment to disk and closes it; unsent lines wait for the next process. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            appended.signalAll();
            current.force(false);
            current.close();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "EventSpool[" + dir + ", " + bytes() + " bytes, spooled=" + spooled + ", dropped=" + dropped
                + ", corrupt=" + corrupt + "]";
    }
}
