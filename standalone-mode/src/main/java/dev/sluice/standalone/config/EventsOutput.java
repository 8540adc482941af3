package dev.sluice.standalone.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the event log goes: standard output (the container's log stream) or a file, appended to.
 *
 * @param file the file, or null for standard output
 */
public record EventsOutput(Path file) {
    public static final EventsOutput STDOUT = new EventsOutput(null);

    public static EventsOutput toFile(Path file) {
        return new EventsOutput(Objects.requireNonNull(file, "file"));
    }

    /** {@code stdout} (or {@code -}) for standard output, anything else a file path. */
    public static EventsOutput parse(String text) {
        String s = Objects.requireNonNull(text, "text").strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must be stdout or a file path");
        }
        return s.equals("stdout") || s.equals("-") ? STDOUT : toFile(Path.of(s));
    }

    public boolean isStdout() {
        return file == null;
    }

    @Override
    public String toString() {
        return isStdout() ? "stdout" : file.toString();
    }
}
