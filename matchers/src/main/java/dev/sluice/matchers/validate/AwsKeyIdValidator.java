package dev.sluice.matchers.validate;

/**
 * {@code aws_key_id}: an AWS access key id, {@code AKIA} (long-term) or {@code ASIA}
 * (temporary, STS) followed by 16 characters of the base32 alphabet {@code [A-Z2-7]} (AWS IAM
 * unique-id format). The documentation example {@code AKIAIOSFODNN7EXAMPLE} and masked ids
 * are placeholders. Boundary: no upper-case letter or digit on either side.
 */
final class AwsKeyIdValidator implements ByteValidator {
    static final AwsKeyIdValidator INSTANCE = new AwsKeyIdValidator();

    private AwsKeyIdValidator() {}

    @Override
    public boolean test(CandidateView c) {
        if (c.len() != 20 || upperOrDigit(c.before(1)) || upperOrDigit(c.after(1))) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        if (buf[off] != 'A' || (buf[off + 1] != 'K' && buf[off + 1] != 'S') || buf[off + 2] != 'I' || buf[off + 3] != 'A') {
            return false;
        }
        for (int i = 4; i < 20; i++) {
            int b = buf[off + i];
            if (!(Ascii.isUpper(b) || (b >= '2' && b <= '7'))) {
                return false;
            }
        }
        return !Placeholders.is(buf, off, 20);
    }

    private static boolean upperOrDigit(int b) {
        return Ascii.isUpper(b) || Ascii.isDigit(b);
    }
}
