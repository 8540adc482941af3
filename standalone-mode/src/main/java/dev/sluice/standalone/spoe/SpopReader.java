package dev.sluice.standalone.spoe;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Reads SPOP's encodings from one frame's bytes: varints (HAProxy's "peers" encoding: one byte
 * below 240, else a first byte with the low four bits and 7-bit groups after it), strings and
 * binaries (a varint length and the bytes), and typed data. Every length is checked against what
 * the frame holds, so a lying length is an invalid frame, never a large allocation.
 */
final class SpopReader {
    /** A varint of more bytes than this cannot be a 64-bit value. */
    private static final int MAX_VARINT_BYTES = 10;

    private final ByteBuf in;

    SpopReader(ByteBuf in) {
        this.in = in;
    }

    boolean hasMore() {
        return in.isReadable();
    }

    int readByte() {
        need(1);
        return in.readUnsignedByte();
    }

    long varint() {
        int b = readByte();
        long v = b;
        if (b < 240) {
            return v;
        }
        int shift = 4;
        for (int i = 1; i < MAX_VARINT_BYTES; i++) {
            b = readByte();
            v += (long) b << shift;
            shift += 7;
            if (b < 128) {
                return v;
            }
        }
        throw invalid("varint longer than " + MAX_VARINT_BYTES + " bytes");
    }

    /** A length-prefixed byte string. */
    byte[] bytes() {
        long n = varint();
        if (n < 0 || n > in.readableBytes()) {
            throw invalid("length " + Long.toUnsignedString(n) + " beyond the frame's " + in.readableBytes() + " bytes");
        }
        byte[] b = new byte[(int) n];
        in.readBytes(b);
        return b;
    }

    String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /**
     * One typed value: null, {@link Boolean}, {@link Long} (every integer type), {@link InetAddress},
     * {@link String} or {@code byte[]} (binary).
     */
    Object typed() {
        int b = readByte();
        int type = b & 0x0F;
        int flags = b >>> 4;
        return switch (type) {
            case Spop.TYPE_NULL -> null;
            case Spop.TYPE_BOOL -> (flags & 1) != 0;
            case Spop.TYPE_INT32, Spop.TYPE_UINT32, Spop.TYPE_INT64, Spop.TYPE_UINT64 -> varint();
            case Spop.TYPE_IPV4 -> address(4);
            case Spop.TYPE_IPV6 -> address(16);
            case Spop.TYPE_STRING -> string();
            case Spop.TYPE_BINARY -> bytes();
            default -> throw invalid("unknown data type " + type);
        };
    }

    private InetAddress address(int n) {
        need(n);
        byte[] b = new byte[n];
        in.readBytes(b);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw invalid("bad address"); // cannot happen for 4 or 16 bytes
        }
    }

    private void need(int n) {
        if (in.readableBytes() < n) {
            throw invalid("frame ends inside a value");
        }
    }

    static SpopException invalid(String why) {
        return new SpopException(Spop.STATUS_INVALID_FRAME, why);
    }
}
