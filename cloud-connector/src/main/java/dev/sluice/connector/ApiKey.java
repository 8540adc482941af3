package dev.sluice.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The console's API key, read from a file so that it stays out of the environment, the command
 * line and {@code sluice.yaml}. It never prints: {@link #toString} says only that there is one.
 */
public final class ApiKey {
    static final int MAX_BYTES = 4096;
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * The key in {@code file}: its whole text, surrounding white space removed; printable ASCII,
     * without spaces, at most {@value #MAX_BYTES} bytes. Messages name the file, never the key.
     */
    public static ApiKey read(Path file) throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("the API key in " + file + " is longer than " + MAX_BYTES + " bytes");
        }
        return of(new String(bytes, StandardCharsets.US_ASCII).strip(), file.toString());
    }

    /** A key given as text ({@code origin} names where it came from in messages). */
    static ApiKey of(String key, String origin) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the API key in " + origin + " is empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("the API key in " + origin
                        + " holds a character that cannot go in an HTTP header (printable ASCII without spaces)");
            }
        }
        return new ApiKey(key);
    }

    /** The Authorization header's value. */
    String bearer() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "ApiKey[" + value.length() + " characters, not shown]";
    }
}
