package dev.sluice.matchers;

/**
 * Masked previews of found values: enough to recognise a value in an event
 * ({@code 4111********1111}), never enough to use it. Personal data: at most 4 bytes are shown
 * at each end of values of 16 bytes or more, 2 of values of 8 to 15 bytes, none of shorter
 * ones. Secrets show less, since a few characters of a short password or key narrow a guess a
 * lot: 4 at each end from 32 bytes (a token's prefix and tail), 2 from 24, none below.
 * Non-printable and non-ASCII bytes show as {@code ?}; at most 16 masking stars.
 */
final class Previews {
    private Previews() {
    }

    static String mask(byte[] buf, int off, int len, Category category) {
        int show = category == Category.SECRET ? (len >= 32 ? 4 : len >= 24 ? 2 : 0)
                : len >= 16 ? 4 : len >= 8 ? 2 : 0;
        int stars = Math.min(16, len - 2 * show);
        StringBuilder sb = new StringBuilder(2 * show + stars);
        for (int i = 0; i < show; i++) {
            sb.append(printable(buf[off + i]));
        }
        sb.repeat('*', Math.max(stars, 1));
        for (int i = len - show; i < len; i++) {
            sb.append(printable(buf[off + i]));
        }
        return sb.toString();
    }

    private static char printable(byte b) {
        return b >= 0x21 && b < 0x7F ? (char) b : '?';
    }
}
