package dev.sluice.matchers.validate;

/**
 * {@code generic_secret}: a value under a secret-like name looks like a credential rather than
 * a word, a path or an identifier (TAXONOMY.md {@code generic_api_key}): at least 16 bytes, no
 * whitespace, Shannon entropy at least 3.0 bits per byte, not a placeholder, not a URL or
 * absolute path ({@code http://}, {@code https://}, {@code /var/run/...}), not a resource name
 * ({@code arn:aws:secretsmanager:...}, {@code urn:...}), not a JWT (that id is more
 * specific) and not a code identifier: lower-case words joined by {@code _ . : -} without a digit
 * ({@code detect_secrets.main:detect_secrets}, an entry point or module path), or capitalised
 * words joined by dots ({@code Name.Builtin.Pseudo}, {@code Token.Name.Builtin.SchemeFunction}:
 * an enum constant or a class path). Generated keys mix cases or digits at random; a lower-case
 * alphabet without digits over 16 characters, or one that capitalises exactly each word, is rare
 * enough.
 * Hex strings of any length pass: many API keys are hex, and so do UUIDs: under a secret-like
 * name ({@code "api_token": "dafa7817-e246-…"}) a UUID is the credential (Heroku's API keys are
 * UUIDs); names that only identify a secret ({@code credentialsId}, {@code token_id}) are not
 * secret-like (the catalog's {@code exclude_last_word}). Under a name that says what its value
 * must look like ({@code Basic}, {@code AccountKey}) only that form counts ({@link HeaderCredentials}).
 */
final class GenericSecretValidator implements ByteValidator {
    static final GenericSecretValidator INSTANCE = new GenericSecretValidator();

    /** URLs, and resource names: an AWS ARN or a URN names a secret, it is not one. */
    private static final byte[][] NOT_SECRET_PREFIXES = Ascii.words("http://", "https://", "arn:", "urn:");

    private GenericSecretValidator() {}

    @Override
    public boolean test(CandidateView c) {
        byte[] buf = c.buf();
        int off = c.off();
        int len = c.len();
        HeaderCredentials.Rule exact = HeaderCredentials.ruleFor(c.key());
        if (exact != null) {
            return exact.test(buf, off, len);
        }
        if (len < 16 || CodeReference.pathSlashes(buf, off, len) > 0) {
            return false;
        }
        for (byte[] prefix : NOT_SECRET_PREFIXES) {
            if (Ascii.startsWithIgnoreCase(buf, off, len, prefix)) {
                return false;
            }
        }
        for (int i = 0; i < len; i++) {
            if (Ascii.isSpace(buf[off + i])) {
                return false;
            }
        }
        return !isIdentifier(buf, off, len) && !isDottedCapitalisedName(buf, off, len) && !Placeholders.is(buf, off, len)
                && Entropy.atLeast(buf, off, len, 3.0) && !JwtValidator.isJwt(buf, off, len);
    }

    private static boolean isIdentifier(byte[] buf, int off, int len) {
        boolean joined = false;
        for (int i = off; i < off + len; i++) {
            int b = buf[i];
            if (b == '_' || b == '.' || b == ':' || b == '-') {
                joined = true;
            } else if (b < 'a' || b > 'z') {
                return false;
            }
        }
        return joined;
    }

    /** {@code Word.Word...}: two or more dotted segments, each one or more capitalised words ({@code [A-Z][a-z]+}). */
    private static boolean isDottedCapitalisedName(byte[] buf, int off, int len) {
        int segments = 1;
        boolean wordStart = true; // the next byte must open a word: an upper-case letter
        boolean inWord = false;   // at least one lower-case letter after the capital
        for (int i = off; i < off + len; i++) {
            int b = buf[i];
            if (b == '.') {
                if (!inWord) {
                    return false;
                }
                segments++;
                wordStart = true;
                inWord = false;
            } else if (b >= 'A' && b <= 'Z') {
                if (!wordStart && !inWord) {
                    return false; // two capitals in a row: an acronym or random
                }
                wordStart = false;
                inWord = false;
            } else if (b >= 'a' && b <= 'z') {
                if (wordStart) {
                    return false;
                }
                inWord = true;
            } else {
                return false;
            }
        }
        return segments >= 2 && inWord;
    }
}
