package dev.sluice.matchers.validate;

/**
 * {@code luhn}: the Luhn mod-10 check (ISO/IEC 7812-1 Annex B) over the decimal digits of the
 * candidate; every other byte is skipped, so grouped numbers check as their digits. Fewer than
 * two digits never pass: a single {@code 0} would otherwise be "valid".
 *
 * <p>This is the bare checksum. Card numbers use {@link LuhnCardValidator}, which adds brand
 * prefix, length and boundary rules; this one serves detectors for other Luhn-protected ids
 * (IMEI, some national ids) and tests.
 */
final class LuhnValidator implements ByteValidator {
    static final LuhnValidator INSTANCE = new LuhnValidator();

    private LuhnValidator() {}

    @Override
    public boolean test(CandidateView c) {
        return luhn(c.buf(), c.off(), c.len());
    }

    /**
     * True when the digits of {@code buf[off, off + len)} pass Luhn; non-digits are skipped.
     * Walks right to left, doubling every second digit from the check digit.
     */
    static boolean luhn(byte[] buf, int off, int len) {
        int sum = 0;
        int digits = 0;
        for (int i = off + len - 1; i >= off; i--) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                continue;
            }
            if ((digits & 1) == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            digits++;
        }
        return digits >= 2 && sum % 10 == 0;
    }
}
