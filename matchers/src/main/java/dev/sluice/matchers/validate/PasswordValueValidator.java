package dev.sluice.matchers.validate;

/**
 * {@code password_value}: the value of a password-like field is worth reporting: 2-256 bytes
 * and at least two characters (one character guards nothing: a CSV cell, a flag, an emoji),
 * not only whitespace, not a placeholder or mask ({@link Placeholders}: empty, {@code null},
 * booleans, {@code ********}, {@code changeme}, {@code ${...}}, ...), not the field's own
 * name ({@code CHALLENGE_PASSWORD: "challengePassword"}, {@code key_password=key_password}: a
 * constant table or a keyword argument passed on). Short and all-digit values pass: PINs are
 * secrets too. Longer values are encoded blobs, not passwords.
 */
final class PasswordValueValidator implements ByteValidator {
    static final PasswordValueValidator INSTANCE = new PasswordValueValidator();

    private static final int MIN_LEN = 2;
    private static final int MAX_LEN = 256;

    private PasswordValueValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        return len >= MIN_LEN && len <= MAX_LEN && characters(c.buf(), c.off(), len) >= MIN_LEN
                && !Placeholders.is(c.buf(), c.off(), len)
                && !namesItsField(c.buf(), c.off(), len, c.key());
    }

    /** UTF-8 characters in {@code buf[off, off + len)}: one emoji is one character, not three bytes. */
    private static int characters(byte[] buf, int off, int len) {
        int n = 0;
        for (int i = off; i < off + len; i++) {
            n += (buf[i] & 0xC0) == 0x80 ? 0 : 1;
        }
        return n;
    }

    /**
     * Whether the value spells its key's last segment ({@code CHALLENGE_PASSWORD} of
     * {@code AttributeOID.CHALLENGE_PASSWORD}), letters and digits compared without case,
     * separators ignored.
     */
    static boolean namesItsField(byte[] buf, int off, int len, String key) {
        if (key == null) {
            return false;
        }
        int cut = -1;
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch == '.' || ch == ':' || ch == '/' || ch == '[') {
                cut = i;
            }
        }
        key = key.substring(cut + 1);
        int k = 0;
        int kn = key.length();
        for (int i = off; i < off + len; i++) {
            int b = buf[i];
            if (!Ascii.isAlnum(b)) {
                continue;
            }
            while (k < kn && !Character.isLetterOrDigit(key.charAt(k))) {
                k++;
            }
            if (k == kn || Character.toLowerCase(key.charAt(k)) != Character.toLowerCase((char) b)) {
                return false;
            }
            k++;
        }
        while (k < kn && !Character.isLetterOrDigit(key.charAt(k))) {
            k++;
        }
        return k == kn && len > 0;
    }
}
