package dev.sluice.matchers.hyperscan;

import com.gliwka.hyperscan.jni.hyperscan;
import org.bytedeco.javacpp.Loader;

/**
 * Loads libhs (shipped inside the hyperscan-java {@code native} artifact) once, and turns its
 * error codes into words. Everything else in this package goes through the JavaCPP
 * bindings of the full C API: the streaming calls the block-mode wrapper lacks.
 */
final class Hyperscan {
    private static volatile String loaded;

    private Hyperscan() {
    }

    /** Loads the native library on first use (later calls are free); returns the JNI library's path. */
    static String ensureLoaded() {
        String path = loaded;
        if (path == null) {
            synchronized (Hyperscan.class) {
                path = loaded;
                if (path == null) {
                    path = Loader.load(hyperscan.class);
                    loaded = path;
                }
            }
        }
        return path;
    }

    /** Throws with a readable message when {@code rc} is not HS_SUCCESS. */
    static void check(int rc, String what) {
        if (rc != hyperscan.HS_SUCCESS) {
            throw new IllegalStateException(what + " failed: " + describe(rc));
        }
    }

    static String describe(int rc) {
        return switch (rc) {
            case hyperscan.HS_INVALID -> "HS_INVALID (bad parameter)";
            case hyperscan.HS_NOMEM -> "HS_NOMEM (allocation failed)";
            case hyperscan.HS_SCAN_TERMINATED -> "HS_SCAN_TERMINATED";
            case hyperscan.HS_COMPILER_ERROR -> "HS_COMPILER_ERROR";
            case hyperscan.HS_DB_VERSION_ERROR -> "HS_DB_VERSION_ERROR";
            case hyperscan.HS_DB_PLATFORM_ERROR -> "HS_DB_PLATFORM_ERROR";
            case hyperscan.HS_DB_MODE_ERROR -> "HS_DB_MODE_ERROR";
            case hyperscan.HS_BAD_ALIGN -> "HS_BAD_ALIGN";
            case hyperscan.HS_BAD_ALLOC -> "HS_BAD_ALLOC";
            case hyperscan.HS_SCRATCH_IN_USE -> "HS_SCRATCH_IN_USE (scratch shared between threads)";
            case hyperscan.HS_ARCH_ERROR -> "HS_ARCH_ERROR (CPU lacks SSSE3)";
            case hyperscan.HS_INSUFFICIENT_SPACE -> "HS_INSUFFICIENT_SPACE";
            default -> "error " + rc;
        };
    }
}
