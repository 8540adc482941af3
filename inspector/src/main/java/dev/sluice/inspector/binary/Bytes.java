package dev.sluice.inspector.binary;

/** Big-endian integers in item headers. */
final class Bytes {
    private Bytes() {
    }

    /** {@code n} bytes from {@code off}, unsigned (8 bytes may not fit a signed long: read it as unsigned). */
    static long bigEndian(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    /** {@code n} bytes from {@code off}, two's complement. */
    static long signedBigEndian(byte[] b, int off, int n) {
        return bigEndian(b, off, n) << (64 - 8 * n) >> (64 - 8 * n);
    }
}
