package dev.sluice.matchers.validate;

/**
 * {@code password_value}: the value of a password-like field is worth reporting: 2-256 bytes
 * (one character guards nothing: a CSV cell, a flag),
 * not only whitespace, not a placeholder or mask ({@link Placeholders}: empty, {@code null},
 * booleans, {@code ********}, {@code changeme}, {@code ${...}}, ...). Short and all-digit
 * values pass: PINs are secrets too. Longer values are encoded blobs, not passwords.
 */
final class PasswordValueValidator implements ByteValidator {
    static final PasswordValueValidator INSTANCE = new PasswordValueValidator();

    private static final int MIN_LEN = 2;
    private static final int MAX_LEN = 256;

    private PasswordValueValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        return len >= MIN_LEN && len <= MAX_LEN && !Placeholders.is(c.buf(), c.off(), len);
    }
}
