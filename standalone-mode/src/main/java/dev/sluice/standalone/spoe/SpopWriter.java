package dev.sluice.standalone.spoe;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes SPOP's encodings into a frame being built: the inverse of {@link SpopReader}. */
final class SpopWriter {
    private final ByteBuf out;

    SpopWriter(ByteBuf out) {
        this.out = out;
    }

    SpopWriter varint(long v) {
        if (Long.compareUnsigned(v, 240) < 0) {
            out.writeByte((int) v);
            return this;
        }
        out.writeByte((int) (v | 240));
        v = (v - 240) >>> 4;
        while (Long.compareUnsigned(v, 128) >= 0) {
            out.writeByte((int) (v | 128));
            v = (v - 128) >>> 7;
        }
        out.writeByte((int) v);
        return this;
    }

    SpopWriter bytes(byte[] b) {
        varint(b.length);
        out.writeBytes(b);
        return this;
    }

    SpopWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    SpopWriter typedString(String s) {
        out.writeByte(Spop.TYPE_STRING);
        return string(s);
    }

    SpopWriter typedBinary(byte[] b) {
        out.writeByte(Spop.TYPE_BINARY);
        return bytes(b);
    }

    SpopWriter typedUint32(long v) {
        out.writeByte(Spop.TYPE_UINT32);
        return varint(v);
    }

    SpopWriter typedBool(boolean v) {
        out.writeByte(Spop.TYPE_BOOL | (v ? 0x10 : 0));
        return this;
    }

    /** A SET-VAR action in the transaction scope (HAProxy prefixes the name with the agent's var-prefix). */
    SpopWriter setTxnVar(String name) {
        out.writeByte(Spop.ACTION_SET_VAR);
        out.writeByte(3);
        out.writeByte(Spop.SCOPE_TRANSACTION);
        return string(name);
    }
}
