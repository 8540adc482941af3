package dev.sluice.standalone.events;

import dev.sluice.standalone.config.EventFileRotation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * The event log's file, written by the writer's one thread. Each {@link #write(byte[], int, int)}
 * is a batch of whole lines. Before it, the file is looked up again by its path: when it has
 * been moved away or removed (logrotate's default {@code create} rotation, an operator's
 * {@code rm}), a new file is started at the path; writing on into the moved file would fill a
 * disk with a file nobody reads, or one already deleted that no {@code du} shows. A file emptied
 * in place ({@code copytruncate}) is written on at its new end, as it is opened for appending.
 *
 * <p>With a size limit ({@link EventFileRotation}), the file is renamed {@code FILE.1} before a
 * line would take it past the limit, the older files shifted one place and the oldest removed.
 * A rotation falls between two lines, never inside one; a line longer than the limit gets a file
 * of its own. A rotation that fails (a read-only folder) is reported once on standard error and
 * the lines go on into the current file: events are not lost for it, and it is tried again at
 * the next batch.
 *
 * <p>With compression ({@link EventFileRotation#compress()}), the renamed {@code FILE.1} is gzipped
 * to {@code FILE.1.gz} by a thread of its own while the lines go on into the new file (a 256 MiB
 * file takes seconds, which the writer must not wait for), written to {@code FILE.1.gz.tmp} first
 * and renamed, so a reader never finds half a file. The next rotation waits for that compression
 * before it shifts the older files. Files of both forms are shifted, so a log rotated before
 * compression was turned on (or a {@code FILE.1} a stop left uncompressed) keeps its history; a
 * compression that fails is reported once and leaves the file uncompressed.
 *
 * <p>Only one process rotates a file: the one holding {@code FILE.lock} ({@link EventFileLock});
 * a second writer that would rotate it too is refused at its start. A lock file removed with the
 * log's folder is locked again when the file is started anew; if another writer has taken the new
 * one meanwhile, it rotates the file and this writer no longer does, until the file is due for a
 * rotation and the lock is free again (that writer stopped): then this one takes it back, trying
 * at most once a second, so that a file never grows without bound for want of a rotating writer.
 *
 * <p>Only a regular file is followed and rotated. A path naming a device or a pipe
 * ({@code /dev/stdout} in a container, a FIFO a log shipper reads) is written to as it is: renaming
 * {@code /dev/stdout} would take it away from every process of the container.
 */
final class EventFile extends OutputStream {
    private static final OpenOption[] APPEND = {StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND};
    private static final long TAKE_BACK_INTERVAL_NANOS = 1_000_000_000L;
    /** Where a try to take a rotation back says why it failed: nowhere, the failure is the answer. */
    private static final PrintStream NO_ERRORS = new PrintStream(OutputStream.nullOutputStream());

    private final Path path;
    private final EventFileRotation rotation;
    private final PrintStream errors;
    private FileChannel channel;
    /** The open file's identity (device and inode), to tell when the path names another file. */
    private Object fileKey;
    /** Whether the path names a regular file, which alone is followed and rotated. */
    private boolean regularFile;
    private boolean rotationFailureReported;
    private boolean compressionFailureReported;
    /** The thread gzipping the last rotated file, or null. */
    private Thread compressing;
    /** Held while this writer rotates the file (one rotating writer per file), else null. */
    private EventFileLock lock;
    /** Set when another writer took the rotation over (its lock file replaced this one's): no rotating until taken back. */
    private boolean rotationYielded;
    /** When this writer last tried to take a yielded rotation back ({@link #nanos}). */
    private long lastTakeBack;
    private final LongSupplier nanos;

    private EventFile(Path path, EventFileRotation rotation, PrintStream errors, LongSupplier nanos) {
        this.path = Objects.requireNonNull(path, "path");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
    }

    /**
     * The file at {@code path}, opened for appending (created if missing) and, when this writer
     * rotates it, locked against another that would ({@link EventFileLock}): an error here stops a
     * start.
     */
    static EventFile open(Path path, EventFileRotation rotation, PrintStream errors) throws IOException {
        return open(path, rotation, errors, System::nanoTime);
    }

    /** The same, timing the tries to take a yielded rotation back by {@code nanos}. */
    static EventFile open(Path path, EventFileRotation rotation, PrintStream errors, LongSupplier nanos)
            throws IOException {
        EventFile f = new EventFile(path, rotation, errors, nanos);
        f.reopen();
        if (rotation.limited() && f.regularFile) {
            try {
                f.lock = EventFileLock.acquire(path, errors);
            } catch (IOException e) {
                f.closeChannel();
                throw e;
            }
        }
        return f;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Appends {@code len} bytes of whole lines, rotating between two lines where the limit says. */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!regularFile && channel != null) {
            writeFully(b, off, len);
            return;
        }
        long size = followPath();
        int end = off + len;
        while (off < end) {
            int take = portion(b, off, end, size);
            if (take == 0) {
                if (mayRotate() && rotate()) {
                    size = 0;
                    continue;
                }
                take = end - off; // could not rotate: everything into the current file
            }
            writeFully(b, off, take);
            off += take;
            size += take;
        }
    }

    /**
     * How many of the bytes {@code [off, end)} go into a file of {@code size} bytes: all when they
     * fit, else the lines that fit, else (an empty file) the first line whatever its length, else 0:
     * rotate first.
     */
    private int portion(byte[] b, int off, int end, long size) {
        long room = rotation.limited() && regularFile ? rotation.maxFileBytes() - size : Long.MAX_VALUE;
        if (end - off <= room) {
            return end - off;
        }
        int fits = lineEndBefore(b, off, off + (int) Math.max(0, room)) - off;
        if (fits > 0) {
            return fits;
        }
        return size == 0 ? lineEndAfter(b, off, end) - off : 0;
    }

    /**
     * Reopens the path when it no longer names the open file (or nothing is open after a failure);
     * the size of the file written to.
     */
    private long followPath() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            now = null;
        }
        if (channel == null || now == null || !Objects.equals(now.fileKey(), fileKey)) {
            reopen();
            relock();
            return channel.size();
        }
        return now.size();
    }

    /**
     * Locks the lock file again when it is no longer the one this writer locked (the log's folder
     * removed and made again); when another writer holds the new one, that writer rotates the
     * file and this one stops rotating it, said once on standard error.
     */
    private void relock() {
        if (lock == null || lock.stillHeld()) {
            return;
        }
        lock.close();
        lock = null;
        try {
            lock = EventFileLock.acquire(path, errors);
        } catch (IOException e) {
            rotationYielded = true;
            errors.println("sluice: " + e.getMessage() + " (its lock file was replaced); this process no longer"
                    + " rotates it");
        }
    }

    /**
     * Whether this writer rotates the file now: it does unless another took the rotation over, in
     * which case it tries, at most once a second, to take the lock back (the other writer stopped).
     */
    private boolean mayRotate() {
        if (!rotationYielded) {
            return true;
        }
        long now = nanos.getAsLong();
        if (lastTakeBack != 0 && now - lastTakeBack < TAKE_BACK_INTERVAL_NANOS) {
            return false;
        }
        lastTakeBack = now == 0 ? 1 : now;
        try {
            lock = EventFileLock.acquire(path, NO_ERRORS);
        } catch (IOException e) {
            return false; // still held by the other writer
        }
        if (lock == null) {
            return false; // the lock file cannot be made: no telling who else rotates
        }
        rotationYielded = false;
        errors.println("sluice: " + path + " is no longer rotated by another writer; this process rotates it again");
        return true;
    }

    private void reopen() throws IOException {
        closeChannel();
        channel = FileChannel.open(path, APPEND);
        BasicFileAttributes opened = Files.readAttributes(path, BasicFileAttributes.class);
        fileKey = opened.fileKey();
        regularFile = opened.isRegularFile();
    }

    /** Renames the file {@code FILE.1} and starts a new one; false when it could not be renamed. */
    private boolean rotate() throws IOException {
        awaitCompression();
        try {
            // The oldest kept generation goes in both forms, so a mixed log never keeps more files.
            Files.deleteIfExists(sibling(rotation.keepFiles()));
            Files.deleteIfExists(gzipped(sibling(rotation.keepFiles())));
            for (int i = rotation.keepFiles() - 1; i >= 1; i--) {
                moveIfExists(sibling(i), sibling(i + 1));
                moveIfExists(gzipped(sibling(i)), gzipped(sibling(i + 1)));
            }
            Files.move(path, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | SecurityException e) {
            if (!rotationFailureReported) {
                rotationFailureReported = true;
                errors.println("sluice: the event log cannot be rotated (" + describe(e) + "); events go on into "
                        + path);
            }
            return false;
        }
        reopen();
        if (rotation.compress()) {
            Path rotated = sibling(1);
            compressing = Thread.ofPlatform().daemon().name("sluice-events-gzip").start(() -> compress(rotated));
        }
        return true;
    }

    /** Gzips {@code file} to {@code file.gz} (through a temporary file) and removes it; a failure keeps it. */
    private void compress(Path file) {
        Path gz = gzipped(file);
        Path tmp = gz.resolveSibling(gz.getFileName() + ".tmp");
        try {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 << 10)) {
                Files.copy(file, out);
            }
            Files.move(tmp, gz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(file);
        } catch (IOException | SecurityException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temporary file is overwritten by the next compression
            }
            if (!compressionFailureReported) {
                compressionFailureReported = true;
                errors.println("sluice: a rotated event log cannot be compressed (" + describe(e) + "); it stays as "
                        + file);
            }
        }
    }

    /** Waits for the last rotated file's compression, so that no rotation moves a file being read. */
    private void awaitCompression() {
        Thread t = compressing;
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the writer's stop comes through close(); finish the wait first
            }
        }
        compressing = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A failure of the log's file as the one line on standard error says it: the exception's type
     * and message (a file system's messages name paths, never an event's contents).
     */
    static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path sibling(int generation) {
        return path.resolveSibling(path.getFileName() + "." + generation);
    }

    private static Path gzipped(Path file) {
        return file.resolveSibling(file.getFileName() + ".gz");
    }

    private void writeFully(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            closeChannel(); // opened again before the next batch
            throw e;
        }
    }

    /** The position after the last line end in {@code [from, to)}, or {@code from} when there is none. */
    private static int lineEndBefore(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return from;
    }

    /** The position after the first line end in {@code [from, to)}, or {@code to} when there is none. */
    private static int lineEndAfter(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lines already written are in the kernel; nothing more to save
            }
            channel = null;
        }
    }

    /** Closes the file, after the compression of the last rotated one has finished, then its lock. */
    @Override
    public void close() {
        closeChannel();
        awaitCompression();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
