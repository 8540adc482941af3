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
 * digit or a {@code .} followed by a digit, nor a {@code -} after a digit (SVG path data writes
 * {@code 2.749-3.28.44.44}). Version contexts are rejected too: a letter,
 * {@code /} ({@code Chrome/120.0.6099.109}) or {@code v} directly before, and every place a
 * version number is written ({@link VersionContext}: {@code "contentVersion": "1.0.0.0"},
 * {@code pkg==6.0.12.12}): a four-part version with parts of at most 255 is a dotted quad too.
 * A CIDR network ({@code 10.0.0.0/8}: no host bit set under the prefix) names a range, not a host.
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
        long addr = parse(c.buf(), c.off(), len);
        return addr >= 0 && !isNetwork(addr, c) && !VersionContext.at(c);
    }

    /**
     * A network written in CIDR notation ({@code 10.0.0.0/8}, {@code 192.168.1.0/24}): the host
     * bits under the prefix are all zero, so it names a range, not a host. An interface address
     * with its prefix ({@code 192.168.1.5/24}) still names a host.
     */
    private static boolean isNetwork(long addr, CandidateView c) {
        if (c.after(1) != '/' || !Ascii.isDigit(c.after(2))) {
            return false;
        }
        int prefix = c.after(2) - '0';
        int k = 3;
        if (Ascii.isDigit(c.after(3))) {
            prefix = prefix * 10 + c.after(3) - '0';
            k = 4;
        }
        if (Ascii.isDigit(c.after(k)) || prefix >= 32) {
            return false;
        }
        return (addr & ((1L << (32 - prefix)) - 1)) == 0;
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
        if (b1 == '-' && Ascii.isDigit(c.before(2))) {
            return false; // a signed number in a list: SVG path data ("2.749-3.28.44.44")
        }
        int a1 = c.after(1);
        return !Ascii.isDigit(a1) && !(a1 == '.' && Ascii.isDigit(c.after(2)));
    }
}
