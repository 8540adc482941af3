package dev.sluice.matchers.validate;

/**
 * {@code phone}: a telephone number as people write it: E.164 ({@code +14155550123}, ITU-T
 * E.164 allows at most 15 digits), international with spaces or dashes
 * ({@code +44 20 7946 0123}), North American national formats ({@code (212) 555-0147},
 * {@code 212-555-0147}, {@code 212.555.0147}) and common European national formats
 * ({@code 030 5500 0050}, {@code 06.12.34.56.78}).
 *
 * <p>Shape: 7-15 digits; separators only {@code + ( ) - .} and space; starts with {@code +},
 * {@code (} or a digit and ends with a digit; {@code +} only first; at most one balanced pair of
 * parentheses around digits; no two separators in a row except {@code ") "} and {@code " ("}.
 * A dotted number must use dots only, grouped 3-3-4 (optionally after a country digit) or in
 * pairs after the first group with at least five groups, which keeps IPv4 addresses, versions
 * and OIDs out. Rejected look-alikes: dates ({@code 2024-01-15}, {@code 15.01.2024}; slashes are
 * not a phone separator at all), dash-grouped ISBNs whose check digit holds, masked numbers
 * (a mask byte is not in the alphabet).
 *
 * <p>Boundary: no digit or letter on either side; no {@code .} or {@code /} directly before, no
 * {@code -} joining it to a digit or letter on either side (a part number such as
 * {@code 123-456-7890-A}), no {@code .} or {@code /} before a digit after. A number in
 * space-separated pairs ({@code 06 12 34 56 78}) is no phone where a pair of hex digits holding
 * a digit continues it on either side: it is then a slice of a hex dump (an {@code openssl}
 * {@code localKeyID: C1 41 ... 09 03 61 66 35}, {@code xxd} output), not a number of its own.
 */
final class PhoneValidator implements ByteValidator {
    static final PhoneValidator INSTANCE = new PhoneValidator();

    private static final int MAX_LEN = 32;

    private PhoneValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 7 || len > MAX_LEN || !boundaryOk(c)) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        int first = buf[off] & 0xFF;
        if (!(first == '+' || first == '(' || Ascii.isDigit(first)) || !Ascii.isDigit(buf[off + len - 1])) {
            return false;
        }
        int digits = 0;
        int groups = 0;
        int group = 0;
        int firstSizes = 0; // sizes of the first four groups, one byte each, first in the top byte
        boolean laterGroupsAllTwo = true;
        boolean dot = false;
        boolean dash = false;
        boolean space = false;
        boolean parens = false;
        int openAt = -1;
        int prev = -1;
        for (int i = 0; i < len; i++) {
            int b = buf[off + i] & 0xFF;
            if (Ascii.isDigit(b)) {
                digits++;
                group++;
                prev = b;
                continue;
            }
            if (b == '+') {
                if (i != 0 || !Ascii.isDigit(buf[off + 1])) {
                    return false;
                }
                prev = b;
                continue;
            }
            switch (b) {
                case '.' -> dot = true;
                case '-' -> dash = true;
                case ' ' -> space = true;
                case '(' -> {
                    if (parens || i + 1 >= len || !Ascii.isDigit(buf[off + i + 1])) {
                        return false;
                    }
                    parens = true;
                    openAt = i;
                }
                case ')' -> {
                    if (openAt < 0 || group == 0) {
                        return false;
                    }
                    openAt = -1;
                }
                default -> {
                    return false;
                }
            }
            if (prev != -1 && !Ascii.isDigit(prev) && prev != '+' && !(prev == ')' && b == ' ') && !(prev == ' ' && b == '(')) {
                return false; // separator run
            }
            if (group > 0) {
                if (groups < 4) {
                    firstSizes |= Math.min(group, 255) << (24 - 8 * groups);
                }
                if (groups > 0 && group != 2) {
                    laterGroupsAllTwo = false;
                }
                groups++;
                group = 0;
            }
            prev = b;
        }
        if (openAt >= 0) {
            return false; // unclosed parenthesis
        }
        if (groups < 4) {
            firstSizes |= group << (24 - 8 * groups);
        }
        if (groups > 0 && group != 2) {
            laterGroupsAllTwo = false;
        }
        groups++;
        if (digits < 7 || digits > 15) {
            return false;
        }
        if (dot && !dottedOk(dash, space, parens, groups, firstSizes, laterGroupsAllTwo, buf[off])) {
            return false;
        }
        if ((dot || dash) && !parens && groups == 3 && first != '+' && looksLikeDate(firstSizes)) {
            return false;
        }
        if (space && !dot && !dash && !parens && laterGroupsAllTwo && (firstSizes >>> 24) == 2 && inHexDump(c)) {
            return false;
        }
        return !(dash && !dot && !space && !parens && first != '+' && (groups == 4 || groups == 5) && isIsbn(buf, off, len, digits));
    }

    /** A hex pair holding a digit, alone between spaces or edges, directly before or after the number (one space apart). */
    private static boolean inHexDump(CandidateView c) {
        return c.before(1) == ' ' && hexPair(c.before(3), c.before(2)) && !Ascii.isAlnum(c.before(4))
                || c.after(1) == ' ' && hexPair(c.after(2), c.after(3)) && !Ascii.isAlnum(c.after(4));
    }

    private static boolean hexPair(int a, int b) {
        return Ascii.isHex(a) && Ascii.isHex(b) && (Ascii.isDigit(a) || Ascii.isDigit(b));
    }

    /** Dotted numbers: dots only; 3-3-4, 1-3-3-4, or at least five groups of pairs after the first. */
    private static boolean dottedOk(boolean dash, boolean space, boolean parens, int groups, int sizes,
            boolean laterAllTwo, byte firstByte) {
        if (dash || space || parens) {
            return false;
        }
        if (groups == 3 && sizes == 0x03_03_04_00) {
            return true;
        }
        if (groups == 4 && sizes == 0x01_03_03_04) {
            return true;
        }
        int firstSize = sizes >>> 24;
        return groups >= 5 && laterAllTwo && firstSize >= 1 && firstSize <= 4 && firstByte != '.';
    }

    /** YYYY-MM-DD or DD-MM-YYYY / DD.MM.YYYY shapes (one- or two-digit day and month). */
    private static boolean looksLikeDate(int sizes) {
        int g1 = sizes >>> 24;
        int g2 = (sizes >>> 16) & 0xFF;
        int g3 = (sizes >>> 8) & 0xFF;
        return (g1 == 4 && g2 <= 2 && g3 <= 2) || (g1 <= 2 && g2 <= 2 && g3 == 4);
    }

    /** ISBN-10 (mod 11) or ISBN-13 (978/979, mod 10) over the digits. */
    private static boolean isIsbn(byte[] buf, int off, int len, int digits) {
        if (digits != 10 && digits != 13) {
            return false;
        }
        int sum = 0;
        int k = 0;
        int prefix = 0;
        for (int i = 0; i < len; i++) {
            int d = buf[off + i] - '0';
            if (d < 0 || d > 9) {
                continue;
            }
            if (digits == 10) {
                sum += (10 - k) * d;
            } else {
                sum += (k % 2 == 0 ? 1 : 3) * d;
                if (k < 3) {
                    prefix = prefix * 10 + d;
                }
            }
            k++;
        }
        return digits == 10 ? sum % 11 == 0 : (prefix == 978 || prefix == 979) && sum % 10 == 0;
    }

    private static boolean boundaryOk(CandidateView c) {
        int b1 = c.before(1);
        if (Ascii.isAlnum(b1) || b1 == '.' || b1 == '/' || (b1 == '-' && Ascii.isAlnum(c.before(2)))) {
            return false;
        }
        int a1 = c.after(1);
        if (Ascii.isAlnum(a1)) {
            return false;
        }
        return !(a1 == '-' && Ascii.isAlnum(c.after(2)) || (a1 == '.' || a1 == '/') && Ascii.isDigit(c.after(2)));
    }
}
