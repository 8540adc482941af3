package dev.sluice.matchers.validate;

/**
 * {@code card}: a full payment card number (PAN) of a major brand, bare or printed in groups.
 *
 * <p>Accepted shapes: 13-19 digits, or digit groups joined by single spaces or by single
 * dashes (one separator kind per number, first group of four digits, other groups of three to
 * six digits, as cards print them: 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3). The digits must carry a
 * brand's IIN prefix <em>and</em> one of that brand's lengths (ISO/IEC 7812 IIN ranges as the
 * networks publish them), and pass Luhn. Order ids, IMEIs and SIRETs are Luhn-valid often
 * enough that the checksum alone is not evidence. A number under a name of a random value
 * ({@code nonce}, {@code salt}: {@link RandomValueName}) is that value, whatever it passes.
 *
 * <p>Boundary: the number must not be part of a longer one, so the byte before must not be a
 * digit, a {@code .} (a decimal) or a {@code -} after a digit (a range or id), and the byte
 * after must not be a digit. Masked forms ({@code 411111******1111}) fail the shape because
 * only digits and the separator are accepted.
 */
final class LuhnCardValidator implements ByteValidator {
    static final LuhnCardValidator INSTANCE = new LuhnCardValidator();

    private static final int MAX_LEN = 19 + 4;

    private LuhnCardValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 13 || len > MAX_LEN || !boundaryOk(c)) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        int sep = 0;
        int digits = 0;
        int group = 0;
        int groups = 0;
        // Leading digits of the PAN, enough for the longest IIN range we test (6 digits).
        int prefix6 = 0;
        for (int i = 0; i < len; i++) {
            int b = buf[off + i] & 0xFF;
            if (Ascii.isDigit(b)) {
                if (digits < 6) {
                    prefix6 = prefix6 * 10 + (b - '0');
                }
                digits++;
                group++;
            } else if (b == ' ' || b == '-') {
                if (sep == 0) {
                    sep = b;
                } else if (sep != b) {
                    return false;
                }
                if (!groupOk(groups, group)) {
                    return false;
                }
                groups++;
                group = 0;
            } else {
                return false;
            }
        }
        if (group == 0 || (groups > 0 && !groupOk(groups, group))) {
            return false;
        }
        if (digits < 13 || digits > 19) {
            return false;
        }
        return brandAccepts(prefix6, digits) && LuhnValidator.luhn(buf, off, len) && !RandomValueName.names(c.key());
    }

    /** First group exactly four digits, later ones three to six. */
    private static boolean groupOk(int index, int size) {
        return index == 0 ? size == 4 : size >= 3 && size <= 6;
    }

    private static boolean boundaryOk(CandidateView c) {
        int b1 = c.before(1);
        if (Ascii.isDigit(b1) || b1 == '.' || (b1 == '-' && Ascii.isDigit(c.before(2)))) {
            return false;
        }
        return !Ascii.isDigit(c.after(1));
    }

    /**
     * Brand prefix and brand length, checked together: a Visa prefix at 15 digits is not a
     * card. {@code p6} is the first six digits as a number.
     */
    static boolean brandAccepts(int p6, int n) {
        int p1 = p6 / 100_000;
        int p2 = p6 / 10_000;
        int p3 = p6 / 1_000;
        int p4 = p6 / 100;
        if (p1 == 4) {
            return n == 13 || n == 16 || n == 19; // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return n == 16; // Mastercard, including the 2-series
        }
        if (p2 == 34 || p2 == 37) {
            return n == 15; // American Express
        }
        boolean long16to19 = n >= 16 && n <= 19;
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) {
            return long16to19; // Discover (and UnionPay co-branded 622126-622925)
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return long16to19; // JCB
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
            return n >= 14 && n <= 19; // Diners Club
        }
        if (p2 == 62) {
            return long16to19; // UnionPay
        }
        return false;
    }
}
