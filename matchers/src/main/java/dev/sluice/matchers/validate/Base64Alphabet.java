package dev.sluice.matchers.validate;

import java.util.Arrays;

/**
 * The sextet each byte stands for in base64 (RFC 4648 §4, {@code +} and {@code /}) and
 * base64url (§5, {@code -} and {@code _}): one table each, for every reader of base64 in
 * Sluice, so each lookup is one array load. Bytes are passed unsigned ({@code 0..255}).
 */
public final class Base64Alphabet {
    private static final String LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** Either alphabet: what a lenient decoder accepts. */
    private static final byte[] EITHER = table("+-", "/_");
    private static final byte[] URL = table("-", "_");

    private Base64Alphabet() {
    }

    /** The sextet of {@code b} in either alphabet, or -1 for padding, white space and the rest. */
    public static int sextet(int b) {
        return EITHER[b];
    }

    /** The sextet of {@code b} in the base64url alphabet only, or -1. */
    public static int urlSextet(int b) {
        return URL[b];
    }

    /** @param for62 the bytes that stand for 62; {@code for63} likewise */
    private static byte[] table(String for62, String for63) {
        byte[] t = new byte[256];
        Arrays.fill(t, (byte) -1);
        for (int i = 0; i < LETTERS_AND_DIGITS.length(); i++) {
            t[LETTERS_AND_DIGITS.charAt(i)] = (byte) i;
        }
        for62.chars().forEach(c -> t[c] = 62);
        for63.chars().forEach(c -> t[c] = 63);
        return t;
    }
}
