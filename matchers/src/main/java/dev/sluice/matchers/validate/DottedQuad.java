package dev.sluice.matchers.validate;

/**
 * Reads the strict dotted-quad form of an IPv4 address, the one logs and configuration write:
 * shared by the {@code ipv4} and {@code ipv6} validators and by the SSRF validator, which must
 * tell that form from the other spellings {@code inet_aton} accepts.
 */
public final class DottedQuad {
    private DottedQuad() {
    }

    /**
     * Strict dotted quad (four octets 0-255, no leading zeros, nothing else) in {@code buf[off,
     * off + len)} as an unsigned value, or -1. Every address is accepted, loopback too; also the
     * IPv4 tail of an IPv6 address.
     */
    public static long parse(byte[] buf, int off, int len) {
        long addr = 0;
        int octets = 0;
        int i = 0;
        while (true) {
            int start = i;
            int v = 0;
            while (i < len && Ascii.isDigit(buf[off + i]) && i - start < 3) {
                v = v * 10 + (buf[off + i] - '0');
                i++;
            }
            int n = i - start;
            if (n == 0 || v > 255 || (n > 1 && buf[off + start] == '0')) {
                return -1;
            }
            addr = (addr << 8) | v;
            if (++octets == 4) {
                return i == len ? addr : -1;
            }
            if (i >= len || buf[off + i] != '.') {
                return -1;
            }
            i++;
        }
    }
}
