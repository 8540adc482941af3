package dev.sluice.matchers.validate;

/**
 * The checksum GitHub (2021 token format) and npm (granular/automation tokens) put in the
 * last six characters of their tokens: CRC-32 (ISO-HDLC, the zip/PNG polynomial 0xEDB88320,
 * reflected) of the 30 random characters after the prefix, written in base62 with the
 * alphabet {@code 0-9A-Za-z}, most significant digit first, left-padded with {@code 0} to six
 * characters (62^6 exceeds 2^32, so six always suffice).
 *
 * <p>The CRC table is computed once here rather than using {@link java.util.zip.CRC32}, which
 * is a stateful object and would cost an allocation per check; the unit test compares the two.
 */
final class TokenChecksum {
    private static final int[] CRC_TABLE = new int[256];
    private static final byte[] BASE62 = Ascii.bytes("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    private TokenChecksum() {}

    /** CRC-32 of {@code buf[off, off + len)}, as {@link java.util.zip.CRC32} computes it. */
    static long crc32(byte[] buf, int off, int len) {
        int c = 0xFFFFFFFF;
        for (int i = 0; i < len; i++) {
            c = CRC_TABLE[(c ^ buf[off + i]) & 0xFF] ^ (c >>> 8);
        }
        return (c ^ 0xFFFFFFFF) & 0xFFFFFFFFL;
    }

    /**
     * True when {@code buf[off + 30, off + 36)} is the base62 CRC-32 of {@code buf[off, off + 30)}:
     * the 36-character body of a classic GitHub or npm token.
     */
    static boolean bodyOk(byte[] buf, int off) {
        long crc = crc32(buf, off, 30);
        for (int i = 35; i >= 30; i--) {
            if (buf[off + i] != BASE62[(int) (crc % 62)]) {
                return false;
            }
            crc /= 62;
        }
        return true;
    }

    /** True when {@code buf[off, off + n)} is all {@code [A-Za-z0-9]}. */
    static boolean alnum(byte[] buf, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (!Ascii.isAlnum(buf[off + i])) {
                return false;
            }
        }
        return true;
    }
}
