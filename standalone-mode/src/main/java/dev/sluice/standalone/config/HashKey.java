package dev.sluice.standalone.config;

import dev.sluice.matchers.ValueHasher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * The key of every keyed hash Sluice writes (value hashes in events and allow-lists, token
 * identities, {@code keyed_hash} masks). From a file, so hashes match across restarts and
 * replicas: its bytes are the key, less one trailing line end, 16 to {@value #MAX_KEY_BYTES}
 * bytes ({@code head -c 32 /dev/urandom > hash.key} or {@code openssl rand -hex 32 > hash.key}).
 * Without a file, a random 32-byte key is drawn for this process, and {@link #describe()} says
 * so. Nothing here prints the key; the file's content never enters a message.
 */
public final class HashKey {
    static final int MIN_KEY_BYTES = 16;
    static final int MAX_KEY_BYTES = 4096;

    private final byte[] key;
    private final Path file;

    private HashKey(byte[] key, Path file) {
        this.key = key;
        this.file = file;
    }

    /** The key of {@code config}'s hash key file, or a random one when it names none. */
    public static HashKey load(SluiceConfig config) throws ConfigException {
        Optional<Path> file = config.hashKeyFile();
        return file.isPresent() ? fromFile(file.get()) : random();
    }

    /** A random key for this process only. */
    public static HashKey random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new HashKey(k, null);
    }

    public static HashKey fromFile(Path file) throws ConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_KEY_BYTES + 3);
        } catch (IOException e) {
            throw problem(file, "cannot read the hash key file (" + e.getClass().getSimpleName() + ")");
        }
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\n') {
            n--;
            if (n > 0 && bytes[n - 1] == '\r') {
                n--;
            }
        }
        if (n < MIN_KEY_BYTES || n > MAX_KEY_BYTES) {
            Arrays.fill(bytes, (byte) 0);
            throw problem(file, "the hash key must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not "
                    + (n > MAX_KEY_BYTES ? "more" : Integer.toString(n)));
        }
        byte[] key = Arrays.copyOf(bytes, n);
        Arrays.fill(bytes, (byte) 0);
        return new HashKey(key, file);
    }

    private static ConfigException problem(Path file, String message) {
        return new ConfigException(java.util.List.of(new ConfigError(file.toString(), 1, 1, message)));
    }

    /** True when the key was drawn for this process. */
    public boolean isGenerated() {
        return file == null;
    }

    /** A hasher under this key (the inspector's, the policy's and the token extractor's). */
    public ValueHasher hasher() {
        return ValueHasher.withKey(key);
    }

    /** One line for the startup log: where the key came from, and what a generated one means. */
    public String describe() {
        return file != null ? "hash key: from " + file
                : "hash key: none configured, generated a random key for this process; value hashes and token "
                        + "identities will differ after a restart and between replicas (set SLUICE_HASH_KEY_FILE "
                        + "or hash_key_file)";
    }

    @Override
    public String toString() {
        return "HashKey[" + (file == null ? "generated" : file) + "]";
    }
}
