package dev.sluice.matchers.validate;

/**
 * {@code ipv4}: an IPv4 address in dotted-quad notation (RFC 791; the strict four-part
 * decimal form, not the {@code inet_aton} shorthands).
 *
 * <p>Each octet is 0-255 written without leading zeros ({@code 010} is octal to some parsers
 * and never how an address is logged). Loopback ({@code 127.0.0.0/8}, RFC 1122 3.2.1.3) and the
 * unspecified address {@code 0.0.0.0} identify no one and are rejected, as is
 * {@code 240.0.0.0/4} (reserved, RFC 1112 4; the limited broadcast {@code 255.255.255.255}):
 * what is written there is a netmask ({@code 255.255.255.0}), never a host. Private, CGNAT and
 * documentation ranges are accepted (they still identify hosts in a leak).
 *
 * <p>Boundary: the quad must not be a slice of a longer dotted sequence (OIDs, four-part build
 * numbers): the byte before must not be a digit or {@code .}, and the byte after must not be a
 * digit or a {@code .} followed by a digit. Version contexts are rejected too: a letter,
 * {@code /} ({@code Chrome/120.0.6099.109}) or {@code v} directly before.
 */
final class Ipv4Validator implements ByteValidator {
    static final Ipv4Validator INSTANCE = new Ipv4Validator();

    private Ipv4Validator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 7 || len > 15 || !boundaryOk(c)) {
            return false;
        }
        return parse(c.buf(), c.off(), len) >= 0;
    }

    /**
     * Parses a strict dotted quad in {@code buf[off, off + len)} and returns it as an unsigned
     * 32-bit value in a long, or -1 when it is not one or is loopback / unspecified / reserved.
     */
    static long parse(byte[] buf, int off, int len) {
        long addr = DottedQuad.parse(buf, off, len);
        if (addr < 0 || addr >>> 24 == 127 || addr == 0 || addr >>> 24 >= 240) {
            return -1;
        }
        return addr;
    }

    private static boolean boundaryOk(CandidateView c) {
        int b1 = c.before(1);
        if (Ascii.isDigit(b1) || b1 == '.' || Ascii.isAlpha(b1) || b1 == '/') {
            return false; // Ascii.isAlpha covers the 'v' / 'V' version prefix
        }
        int a1 = c.after(1);
        return !Ascii.isDigit(a1) && !(a1 == '.' && Ascii.isDigit(c.after(2)));
    }
}
