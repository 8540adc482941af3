package dev.sluice.inspector.decode;

/**
 * A fixed-length field of a compressed format (the zlib header, a gzip member's header parts and
 * trailer) gathered across chunks, which may split it anywhere. Copies at most its capacity, so
 * it needs no limit of its own.
 */
final class FixedField {
    private final byte[] bytes;
    private int length;

    FixedField(int capacity) {
        this.bytes = new byte[capacity];
    }

    /**
     * Copies from {@code buf[pos, end)} (borrowed) until the field holds {@code want} bytes;
     * returns how many bytes it took.
     */
    int fill(byte[] buf, int pos, int end, int want) {
        int n = Math.min(want - length, end - pos);
        System.arraycopy(buf, pos, bytes, length, n);
        length += n;
        return n;
    }

    /** How many bytes the field holds. */
    int length() {
        return length;
    }

    /** Byte {@code i} of the field, unsigned. */
    int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    /** The 16-bit little-endian value at {@code i} (RFC 1952 §2.1 byte order). */
    int uint16(int i) {
        return byteAt(i) | byteAt(i + 1) << 8;
    }

    /** The 32-bit little-endian value at {@code i} (RFC 1952 §2.1 byte order). */
    int int32(int i) {
        return uint16(i) | uint16(i + 2) << 16;
    }

    /** The backing array, borrowed: bytes {@code [0, length())} are the field's. */
    byte[] array() {
        return bytes;
    }

    /** Empties the field for the next one. */
    void clear() {
        length = 0;
    }
}
