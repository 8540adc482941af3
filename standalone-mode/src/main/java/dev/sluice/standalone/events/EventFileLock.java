package dev.sluice.standalone.events;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one-rotating-writer rule of an event log: {@code FILE.lock}, held locked by the process that
 * rotates {@code FILE} for as long as it writes it. Two processes that each rotated one file by
 * its size would both rename it when it filled (a generation lost to an almost empty one), and
 * one's background compression could remove a file the other had just shifted into its place; so
 * a second writer that would rotate is refused at its start, with the holder's process id, which
 * the lock file holds. Writers that leave rotation to logrotate take no lock and may share a file
 * with anyone.
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock()}): it goes with the process,
 * so a crash leaves no stale lock to clear. The file itself stays: removing it on close would let a
 * writer starting at that moment lock a file the next one no longer sees.
 */
final class EventFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final Path path;
    /** The locked file's identity (device and inode), to tell when its path names another file. */
    private final Object fileKey;

    private EventFileLock(FileChannel channel, Path path, Object fileKey) {
        this.channel = channel;
        this.path = path;
        this.fileKey = fileKey;
    }

    /**
     * Locks {@code log}'s lock file. Throws when another writer holds it (the start must stop);
     * returns null, after saying so on {@code errors}, when the lock file cannot be made at all (a
     * folder Sluice may not create files in, where it cannot rotate either).
     */
    static EventFileLock acquire(Path log, PrintStream errors) throws IOException {
        Path path = pathOf(log);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            errors.println("sluice: " + path + " cannot be made (" + e.getClass().getSimpleName()
                    + "); whether another process also rotates " + log + " is not checked");
            return null;
        }
        FileLock lock;
        String holder;
        try {
            lock = channel.tryLock();
            holder = lock == null ? "process" + holder(channel) : "";
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
            holder = "writer in this process";
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("the event log " + log + " is already written and rotated by another " + holder
                    + ", which holds " + path + ": two writers rotating one file would each rename it; give each"
                    + " process a file of its own, or set events.max_file_bytes: 0 in all of them and rotate the"
                    + " file with logrotate");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new EventFileLock(channel, path, keyOf(path));
    }

    /**
     * Whether the lock file is still the one locked: a folder removed and made again ({@code rm -r}
     * of the log's folder) takes the lock file with it, and a writer starting then would lock a
     * new one and rotate the same log.
     */
    boolean stillHeld() {
        Object now = keyOf(path);
        return now != null && now.equals(fileKey);
    }

    private static Object keyOf(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    static Path pathOf(Path log) {
        return log.resolveSibling(log.getFileName() + ".lock");
    }

    /** " (pid N)" with the process id the holder wrote, or "" when there is none to read. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            return !text.isEmpty() && text.chars().allMatch(Character::isDigit) ? " (pid " + text + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Releases the lock (closing its channel does); the file stays. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process at the latest
        }
    }
}
