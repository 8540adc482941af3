package dev.sluice.matchers.attack;

/**
 * Per-thread working memory of the attack validators, so that validating a value allocates
 * nothing: two decode buffers for {@link AttackNormalizer}, one output buffer for {@link
 * Log4ShellValidator}'s lookup evaluation, the token arrays of {@link SqlTokenizer}, and the
 * decoded start of a base64 token for {@link SerializedStreams}.
 *
 * <p>Limits: {@link #MAX_DECODED} bytes of a value are decoded (the engine hands at most
 * 8 KiB); {@link #MAX_TOKENS} SQL tokens are held at once (the tokenizer evaluates and slides
 * when the window fills).
 */
final class AttackScratch {
    /** Most bytes of one value that the normalizer decodes. */
    static final int MAX_DECODED = 16 * 1024;
    /** Size of the SQL token window. */
    static final int MAX_TOKENS = 512;

    private static final ThreadLocal<AttackScratch> LOCAL = ThreadLocal.withInitial(AttackScratch::new);

    final byte[] first = new byte[MAX_DECODED];
    final byte[] second = new byte[MAX_DECODED];
    final byte[] lookups = new byte[MAX_DECODED];
    /** The decoded start of a base64 token that may be a serialized object. */
    final byte[] serialized = new byte[PickleCalls.MAX_DECODED];
    /** Where {@link AttackNormalizer#normalize} left its result. */
    byte[] decoded = first;

    final SqlTokenKind[] kind = new SqlTokenKind[MAX_TOKENS];
    final int[] code = new int[MAX_TOKENS];
    final int[] start = new int[MAX_TOKENS];
    final int[] end = new int[MAX_TOKENS];
    /** Where {@link SqlTokenizer#fill} stopped. */
    final int[] resume = new int[1];

    private AttackScratch() {
    }

    static AttackScratch get() {
        return LOCAL.get();
    }
}
