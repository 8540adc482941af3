package dev.sluice.matchers.validate;

/**
 * {@code ssn}: a US Social Security number as {@code NNN-NN-NNNN}, {@code NNN NN NNNN} or nine
 * bare digits (the detector requires an SSN context for the bare form).
 *
 * <p>Number rules from the SSA's assignment scheme (and SSA randomisation, 2011): area
 * {@code 001-899} except {@code 666} (never issued; {@code 9xx} is the ITIN range), group
 * {@code 01-99}, serial {@code 0001-9999}. Mixed separators ({@code 123-45 6789}) are not an
 * SSN. Boundary: no digit, and no {@code -} followed or preceded by a digit, on either side,
 * so a slice of a longer dashed id is not taken for an SSN.
 */
final class SsnValidator implements ByteValidator {
    static final SsnValidator INSTANCE = new SsnValidator();

    private SsnValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        byte[] buf = c.buf();
        int off = c.off();
        int a;
        int g;
        int s;
        if (len == 9) {
            if (!digits(buf, off, 9)) {
                return false;
            }
            a = num(buf, off, 3);
            g = num(buf, off + 3, 2);
            s = num(buf, off + 5, 4);
        } else if (len == 11) {
            int sep = buf[off + 3];
            if ((sep != '-' && sep != ' ') || buf[off + 6] != sep
                    || !digits(buf, off, 3) || !digits(buf, off + 4, 2) || !digits(buf, off + 7, 4)) {
                return false;
            }
            a = num(buf, off, 3);
            g = num(buf, off + 4, 2);
            s = num(buf, off + 7, 4);
        } else {
            return false;
        }
        return a > 0 && a < 900 && a != 666 && g > 0 && s > 0 && boundaryOk(c);
    }

    private static boolean boundaryOk(CandidateView c) {
        int b1 = c.before(1);
        int a1 = c.after(1);
        if (Ascii.isDigit(b1) || Ascii.isDigit(a1)) {
            return false;
        }
        return !(b1 == '-' && Ascii.isDigit(c.before(2))) && !(a1 == '-' && Ascii.isDigit(c.after(2)));
    }

    static boolean digits(byte[] buf, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (!Ascii.isDigit(buf[off + i])) {
                return false;
            }
        }
        return true;
    }

    /** Decimal value of {@code n} digits the caller has checked. */
    static int num(byte[] buf, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v * 10 + (buf[off + i] - '0');
        }
        return v;
    }
}
