package dev.sluice.matchers.validate;

/**
 * {@code ipv6}: an IPv6 address in the text forms of RFC 4291 section 2.2: full
 * ({@code 2001:db8:0:0:1:0:0:1}), compressed with one {@code ::} ({@code 2001:db8::1}, RFC 5952)
 * and with an embedded IPv4 tail ({@code ::ffff:192.0.2.1}). A surrounding {@code [...]}
 * (URL host syntax, RFC 3986 3.2.2) is allowed; zone ids are not part of the candidate.
 *
 * <p>Parsing is strict: groups of one to four hex digits, at most one {@code ::}, exactly eight
 * groups without it and at most seven with it, an IPv4 tail only in the last 32 bits. MAC
 * addresses ({@code 00:1a:2b:3c:4d:5e}) and times ({@code 12:30:45}) have too few groups and
 * fail here. Loopback ({@code ::1}), unspecified ({@code ::}) and their IPv4-mapped forms
 * identify no one and are rejected. So are compressed forms of only small decimal numbers
 * ({@code 58::34:58}, a line:column pair) and a single unit after a leading {@code ::}
 * ({@code ::d}): neither is an address in use, both are what other text spells.
 *
 * <p>Boundary: no hex digit, letter, digit, {@code _} or {@code :} on either side, so slices of
 * longer colon runs and identifiers such as {@code std::dec} do not pass (a colon and a blank
 * after end a phrase and are allowed); no {@code .} and a digit after, where the address
 * would go on into an IPv4 tail that did not parse.
 */
final class Ipv6Validator implements ByteValidator {
    static final Ipv6Validator INSTANCE = new Ipv6Validator();

    /** 39 characters for eight full groups, 45 with an IPv4 tail, plus brackets. */
    private static final int MAX_LEN = 47;

    private Ipv6Validator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 2 || len > MAX_LEN || !boundaryOk(c.before(1)) || !boundaryOk(c.after(1)) && !colonOfProse(c)) {
            return false;
        }
        if (c.after(1) == '.' && Ascii.isDigit(c.after(2))) {
            return false; // the head of a form with an IPv4 tail that did not parse (2001:db8::256.1.1.1)
        }
        byte[] buf = c.buf();
        int off = c.off();
        if (buf[off] == '[' || buf[off + len - 1] == ']') {
            if (buf[off] != '[' || buf[off + len - 1] != ']' || len < 4) {
                return false;
            }
            off++;
            len -= 2;
        }
        return valid(buf, off, len);
    }

    private static boolean boundaryOk(int b) {
        return !(Ascii.isAlnum(b) || b == ':' || b == '_');
    }

    /** A colon after the address that ends a phrase ("listening on fe80::1: ready"), not a longer colon run. */
    private static boolean colonOfProse(CandidateView c) {
        int b = c.after(2);
        return c.after(1) == ':' && (b == ' ' || b == '\t' || b == '\n' || b == '\r');
    }

    /** True when {@code buf[off, off + len)} is a strict IPv6 address that is not loopback or unspecified. */
    static boolean valid(byte[] buf, int off, int len) {
        int i = 0;
        int units = 0; // 16-bit units written explicitly
        boolean compressed = false;
        boolean endsCompressed = false;
        boolean havePrev = false;
        int prev = 0; // the most recent explicit unit
        boolean olderNonZero = false; // any explicit unit before prev is non-zero
        boolean shortDecimal = true; // every unit so far is written as one or two decimal digits
        boolean leading = len >= 2 && buf[off] == ':' && buf[off + 1] == ':';
        if (leading) {
            compressed = true;
            i = 2;
            if (i == len) {
                return false; // "::", the unspecified address
            }
        }
        while (true) {
            int start = i;
            int v = 0;
            while (i < len && Ascii.isHex(buf[off + i]) && i - start < 5) {
                v = (v << 4) | Ascii.hexValue(buf[off + i]);
                i++;
            }
            int n = i - start;
            if (i < len && buf[off + i] == '.') {
                // IPv4 tail: it must run to the end and take the last two units.
                if (n == 0 || n > 3 || units > 6 || (!compressed && units != 6) || (compressed && units > 5)) {
                    return false;
                }
                long t = DottedQuad.parse(buf, off + start, len - start);
                if (t < 0) {
                    return false;
                }
                boolean zeroPrefix = !olderNonZero && (!havePrev || prev == 0);
                if (zeroPrefix && (t == 0 || t == 1)) {
                    return false; // "::" / "::1" written with an IPv4 tail
                }
                boolean mapped = !olderNonZero && havePrev && prev == 0xFFFF;
                return !(mapped && (t >>> 24 == 127 || t == 0));
            }
            if (n == 0 || n > 4) {
                return false;
            }
            shortDecimal &= n <= 2 && Ascii.isDigit(buf[off + start]) && (n == 1 || Ascii.isDigit(buf[off + start + 1]));
            olderNonZero |= havePrev && prev != 0;
            prev = v;
            havePrev = true;
            units++;
            if (units > 8) {
                return false;
            }
            if (i == len) {
                break;
            }
            if (buf[off + i] != ':') {
                return false;
            }
            i++;
            if (i < len && buf[off + i] == ':') {
                if (compressed) {
                    return false; // a second "::"
                }
                compressed = true;
                i++;
                if (i == len) {
                    endsCompressed = true;
                    break;
                }
            } else if (i == len) {
                return false; // trailing single ':'
            }
        }
        if (compressed ? units > 7 : units != 8) {
            return false;
        }
        if (compressed && (shortDecimal || leading && units == 1)) {
            // "58::34:58" (a line:column pair), "12::30": small decimal numbers around a "::" are
            // no address anyone writes; "::d" (one unit after "::", other than the loopback
            // below) lies in the unused ::/112 and is what random bytes spell.
            return false;
        }
        if (!olderNonZero && (prev == 0 || (prev == 1 && !endsCompressed))) {
            return false; // unspecified or loopback
        }
        return true;
    }
}
