package dev.sluice.policy.mask;

/**
 * Masks every ASCII letter and digit with {@code *} except the last four, and keeps the
 * separators people read numbers by (space, {@code - . / ( ) + : @ _}):
 * {@code 4111-1111-1111-1111 → ****-****-****-1111}. Values with fewer than eight letters and
 * digits are masked whole, so the kept part is never half the value or more. Everything else
 * is masked too: a backslash (so a JSON escape can never be left half open), a quote, a
 * percent sign, and each non-ASCII character (one {@code *} per UTF-8 sequence).
 */
final class KeepLastFourMask implements Mask {
    static final KeepLastFourMask INSTANCE = new KeepLastFourMask();
    private static final int KEEP = 4;
    private static final int MIN_TO_KEEP = 8;
    private static final String SEPARATORS = " -./()+:@_";

    private KeepLastFourMask() {
    }

    @Override
    public byte[] apply(byte[] value, int off, int len) {
        int alnum = 0;
        int outLen = 0;
        for (int i = off; i < off + len; i++) {
            byte b = value[i];
            alnum += isAlnum(b) ? 1 : 0;
            outLen += isContinuation(b) ? 0 : 1;
        }
        int keepFrom = alnum >= MIN_TO_KEEP ? alnum - KEEP : Integer.MAX_VALUE;
        byte[] out = new byte[outLen];
        int o = 0;
        int seen = 0;
        for (int i = off; i < off + len; i++) {
            byte b = value[i];
            if (isContinuation(b)) {
                continue;
            }
            if (isAlnum(b)) {
                out[o++] = seen++ >= keepFrom ? b : (byte) '*';
            } else {
                out[o++] = b >= 0 && SEPARATORS.indexOf(b) >= 0 ? b : (byte) '*';
            }
        }
        return out;
    }

    private static boolean isAlnum(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
    }

    /** A UTF-8 continuation byte (10xxxxxx): part of the character its lead byte already masked. */
    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    @Override
    public MaskStyle style() {
        return MaskStyle.KEEP_LAST_4;
    }

    @Override
    public String toString() {
        return "Mask[keep_last_4]";
    }
}
