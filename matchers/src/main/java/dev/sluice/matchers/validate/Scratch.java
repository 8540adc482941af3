package dev.sluice.matchers.validate;

/**
 * Per-thread scratch arrays for the few validators that need working memory (a byte-count
 * table for entropy, a buffer for percent-decoding a URL password). Each array is allocated
 * once per thread and reused, so a validation allocates nothing after a thread's first call.
 * Validators never call each other while holding one, so no array is used twice at a time;
 * a user must leave its array as it found it where stated.
 */
final class Scratch {
    /** Size of {@link #bytes()}; longer inputs are handled without it by the caller. */
    static final int BYTES = 512;

    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[256]);
    private static final ThreadLocal<byte[]> BYTES_BUF = ThreadLocal.withInitial(() -> new byte[BYTES]);

    private Scratch() {}

    /** A 256-entry table that is all zero on entry; the caller must zero it again before returning. */
    static int[] counts() {
        return COUNTS.get();
    }

    /** A {@link #BYTES}-byte buffer with no contents the caller may rely on. */
    static byte[] bytes() {
        return BYTES_BUF.get();
    }
}
