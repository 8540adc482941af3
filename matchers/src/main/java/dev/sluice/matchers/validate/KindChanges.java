package dev.sluice.matchers.validate;

/**
 * How often the kind of byte (upper case, lower case, digit, anything else) changes along a run:
 * the measure that tells random base64 from names. Random letters and digits change kind at
 * about three boundaries in five (letters alone, case only: about one in two); names change
 * only where their words meet ({@code PostgreSQL15}, {@code MyApiKey2024Production}: about one
 * in three or fewer).
 */
public final class KindChanges {
    private KindChanges() {
    }

    /** Whether the kind changes at two boundaries in five or more of {@code buf[off, off + len)}. */
    public static boolean often(byte[] buf, int off, int len) {
        int changes = 0;
        for (int i = off + 1; i < off + len; i++) {
            if (kind(buf[i]) != kind(buf[i - 1])) {
                changes++;
            }
        }
        return changes * 5 >= (len - 1) * 2;
    }

    /** 1 upper case, 2 lower case, 4 digit, 0 anything else. */
    public static int kind(int b) {
        return Ascii.isUpper(b) ? 1 : Ascii.isLower(b) ? 2 : Ascii.isDigit(b) ? 4 : 0;
    }
}
