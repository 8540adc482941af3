package dev.sluice.matchers.validate;

/**
 * {@code aba}: a US bank routing transit number (ABA RTN), nine digits.
 *
 * <p>Rules from the ABA Key to Routing Numbers: the first two digits are a Federal Reserve
 * routing symbol, {@code 00-12} (banks; 00 is the US government), {@code 21-32} (thrifts),
 * {@code 61-72} (electronic) or {@code 80} (traveller's cheques); the checksum
 * {@code 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9)} is a multiple of ten. Boundary: no digit
 * directly before or after, so nine digits cut from a longer number do not pass.
 */
final class AbaRoutingValidator implements ByteValidator {
    static final AbaRoutingValidator INSTANCE = new AbaRoutingValidator();

    private AbaRoutingValidator() {}

    @Override
    public boolean test(CandidateView c) {
        if (c.len() != 9 || Ascii.isDigit(c.before(1)) || Ascii.isDigit(c.after(1))) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        if (!SsnValidator.digits(buf, off, 9)) {
            return false;
        }
        int p = SsnValidator.num(buf, off, 2);
        if (!(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i += 3) {
            sum += 3 * (buf[off + i] - '0') + 7 * (buf[off + i + 1] - '0') + (buf[off + i + 2] - '0');
        }
        return sum % 10 == 0;
    }
}
