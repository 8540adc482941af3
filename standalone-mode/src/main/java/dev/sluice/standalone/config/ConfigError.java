package dev.sluice.standalone.config;

import java.util.Objects;

/**
 * One problem in Sluice's configuration: in a file at a 1-based line and column, or in an
 * environment variable ({@code line} 0), whose name the message starts with.
 *
 * @param source  the file's name as given, or {@code environment}
 * @param line    1-based, or 0 for the environment
 * @param column  1-based, or 0 for the environment
 * @param message names the key or variable; never holds the hash key or a backend's credentials
 */
public record ConfigError(String source, int line, int column, String message) {
    public static final String ENVIRONMENT = "environment";

    public ConfigError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    static ConfigError env(String variable, String problem) {
        return new ConfigError(ENVIRONMENT, 0, 0, variable + " " + problem);
    }

    /** {@code FILE:LINE:COL: message}, or {@code environment: VAR ...}: the form editors and CI read. */
    public String format() {
        return line > 0 ? source + ":" + line + ":" + column + ": " + message : source + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
