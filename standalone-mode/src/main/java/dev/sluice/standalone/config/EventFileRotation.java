package dev.sluice.standalone.config;

import dev.sluice.policy.ByteSize;

/**
 * How large an event log file may grow and how many rotated files stay beside it
 * ({@code events.max_file_bytes}, {@code events.keep_files}). With a limit, the file is renamed
 * {@code FILE.1} (the older ones shifted to {@code FILE.2} … {@code FILE.keep}, the oldest removed)
 * before a line would take it past the limit, so the log holds at most {@code keep + 1} files of
 * at most the limit each (a single line longer than the limit gets a file of its own). With
 * {@code compress} ({@code events.compress_rotated}), each rotated file is gzipped to
 * {@code FILE.1.gz} (then {@code FILE.2.gz} …) in the background, as logrotate's {@code compress}
 * does: event lines repeat their keys and values and shrink many times over, so the same disk
 * keeps that much more history.
 *
 * @param maxFileBytes 0 for no limit (rotation left to logrotate), else {@value #MIN_FILE_BYTES} bytes or more
 * @param keepFiles    rotated files kept, 1 to {@value #MAX_KEEP_FILES}
 * @param compress     whether rotated files are gzipped (no effect without a limit)
 */
public record EventFileRotation(long maxFileBytes, int keepFiles, boolean compress) {
    public static final long MIN_FILE_BYTES = 16 << 10;
    public static final int MAX_KEEP_FILES = 100;
    public static final EventFileRotation DEFAULT = new EventFileRotation(256L << 20, 4, false);
    /** Never rotated by Sluice. */
    public static final EventFileRotation NONE = new EventFileRotation(0, DEFAULT.keepFiles, false);

    public EventFileRotation {
        checkMaxFileBytes(maxFileBytes);
        checkKeepFiles(keepFiles);
    }

    /** Rotated files kept as they are, uncompressed. */
    public EventFileRotation(long maxFileBytes, int keepFiles) {
        this(maxFileBytes, keepFiles, false);
    }

    /** Throws when {@code bytes} is not 0 or {@value #MIN_FILE_BYTES} to 1 TiB, saying so. */
    static long checkMaxFileBytes(long bytes) {
        if (bytes != 0 && (bytes < MIN_FILE_BYTES || bytes > SluiceConfig.MAX_SIZE)) {
            throw new IllegalArgumentException("must be 0 (no limit) or between "
                    + ByteSize.format(MIN_FILE_BYTES) + " and " + ByteSize.format(SluiceConfig.MAX_SIZE) + ", not "
                    + bytes);
        }
        return bytes;
    }

    /** Throws when {@code files} is not 1 to {@value #MAX_KEEP_FILES}, saying so. */
    static int checkKeepFiles(int files) {
        if (files < 1 || files > MAX_KEEP_FILES) {
            throw new IllegalArgumentException("must be between 1 and " + MAX_KEEP_FILES + ", not " + files);
        }
        return files;
    }

    public boolean limited() {
        return maxFileBytes > 0;
    }
}
