package dev.sluice.grpc.edit;

import java.util.Arrays;

/** A growable byte array for building an edited message, with varint writing. */
final class ByteBuilder {
    private byte[] buf;
    private int size;

    ByteBuilder(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void write(ByteBuilder other) {
        write(other.buf, 0, other.size);
    }

    /** Writes {@code value} as an unsigned varint (protobuf encoding, "Base 128 Varints"). */
    void writeVarint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + extra);
            if (want > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("edited message larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}
