package dev.sluice.matchers.validate;

/**
 * {@code aws_secret}: an AWS secret access key: exactly 40 characters of
 * {@code [A-Za-z0-9/+]} (base64 of 30 random bytes without padding), mixing lower case, upper
 * case and a digit or {@code /} / {@code +}, with entropy at least 3.5 bits per byte and not a
 * placeholder ({@code wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY} is the documentation example).
 * Git SHAs (hex, no upper case) fail the mix. Boundary: no base64 byte ({@code [A-Za-z0-9/+]})
 * before and none, nor padding {@code =}, after, so slices of longer base64 blobs do not pass.
 * A {@code =} before is allowed: it is the {@code KEY=value} separator of dotenv files and
 * shell. The detector also requires AWS context; that is not this class's job.
 *
 * <p>One key in about 4,000 draws no digit, {@code /} nor {@code +} (52 of 64 symbols, 40 times).
 * Letters alone pass when the case flips at two byte boundaries in five or more
 * ({@link KindChanges}), as random letters do about half the time; a camel-case name flips only
 * where its words meet ({@code AwsSecretAccessKeyProviderChainFactory}: one in three).
 */
final class AwsSecretValidator implements ByteValidator {
    static final AwsSecretValidator INSTANCE = new AwsSecretValidator();

    private AwsSecretValidator() {}

    @Override
    public boolean test(CandidateView c) {
        if (c.len() != 40 || isBase64(c.before(1)) || isBase64(c.after(1)) || c.after(1) == '=') {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        boolean lower = false;
        boolean upper = false;
        boolean other = false;
        for (int i = 0; i < 40; i++) {
            int b = buf[off + i];
            if (Ascii.isLower(b)) {
                lower = true;
            } else if (Ascii.isUpper(b)) {
                upper = true;
            } else if (Ascii.isDigit(b) || b == '/' || b == '+') {
                other = true;
            } else {
                return false;
            }
        }
        return lower && upper && (other || KindChanges.often(buf, off, 40))
                && !Placeholders.is(buf, off, 40) && Entropy.atLeast(buf, off, 40, 3.5);
    }

    private static boolean isBase64(int b) {
        return Ascii.isAlnum(b) || b == '/' || b == '+';
    }
}
