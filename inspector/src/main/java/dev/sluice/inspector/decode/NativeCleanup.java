package dev.sluice.inspector.decode;

import java.lang.ref.Cleaner;

/**
 * The safety net for native decoder state when a stage is dropped without {@code end()}: an
 * exchange aborted mid-body, a caller bug. brotli4j's {@code DecoderJNI.Wrapper} (1.24.0) and
 * zstd-jni's {@code ZstdDecompressCtx} (1.5.7) have no finalizer or cleaner of their own, so
 * without this a dropped stage would leak its native decoder (up to a 16 MiB brotli window or an
 * 8 MiB zstd window) for the life of the process. The explicit path, {@code end()} or a terminal
 * outcome, runs the same action at once through {@link Cleaner.Cleanable#clean()}, which runs it
 * at most once. The JDK's {@link java.util.zip.Inflater} already registers its own cleaner, so
 * the gzip and deflate stages need none.
 *
 * <p>Each action must reach the native handle only, never the stage, or the stage would stay
 * reachable and never be cleaned.
 */
final class NativeCleanup {
    private static final Cleaner CLEANER = Cleaner.create();

    private NativeCleanup() {
    }

    /** Runs {@code release} once {@code owner} is unreachable, or earlier through the result. */
    static Cleaner.Cleanable register(Object owner, Runnable release) {
        return CLEANER.register(owner, release);
    }
}
