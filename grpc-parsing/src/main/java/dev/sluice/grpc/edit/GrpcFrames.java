package dev.sluice.grpc.edit;

import java.util.Objects;

/** Writes gRPC length-prefixed frames (grpc/grpc PROTOCOL-HTTP2.md, "Length-Prefixed-Message"). */
public final class GrpcFrames {
    public static final int HEADER_LENGTH = 5;

    private GrpcFrames() {
    }

    /**
     * An uncompressed frame (flag 0) holding {@code buf[off, off + len)}. A message that arrived
     * compressed may go back uncompressed: the flag is per message, whatever {@code grpc-encoding} says.
     */
    public static byte[] frame(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        byte[] out = new byte[HEADER_LENGTH + len];
        writeHeader(out, 0, len);
        System.arraycopy(buf, off, out, HEADER_LENGTH, len);
        return out;
    }

    /** Writes an uncompressed frame header for a {@code length}-byte payload at {@code out[at]}. */
    public static void writeHeader(byte[] out, int at, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        out[at] = 0;
        out[at + 1] = (byte) (length >>> 24);
        out[at + 2] = (byte) (length >>> 16);
        out[at + 3] = (byte) (length >>> 8);
        out[at + 4] = (byte) length;
    }
}
