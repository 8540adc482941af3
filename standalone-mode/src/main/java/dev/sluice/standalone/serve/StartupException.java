package dev.sluice.standalone.serve;

import java.util.List;

/**
 * {@code sluice serve} could not start: its configuration, policy, hash key or descriptor sets have
 * errors, or an address could not be bound. {@link #lines()} are ready to print, one problem each
 * ({@code FILE:LINE:COL: message} where a file is at fault); none holds a secret.
 */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> lines;

    StartupException(List<String> lines) {
        super(String.join("\n", lines), null, false, false);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a StartupException needs at least one line");
        }
        this.lines = List.copyOf(lines);
    }

    StartupException(String line) {
        this(List.of(line));
    }

    public List<String> lines() {
        return lines;
    }
}
