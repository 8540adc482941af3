package dev.sluice.inspector.redact;

/**
 * A rewriting session's output encoded as base64 again (RFC 4648 §4, padded), for a body whose
 * representation is base64 text ({@code application/grpc-web-text}): the session reads the
 * decoded messages and rewrites them, and the client must get text it can decode. Written as one
 * base64 text, which grpc-web-text readers take as well as one text per frame. Fixed memory: at
 * most three held bytes and a 4 KiB output buffer.
 */
public final class Base64Output implements BodyOutput {
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int OUT = 4 * 1024;

    private final BodyOutput out;
    private final byte[] buffer = new byte[OUT];
    private final byte[] held = new byte[3];
    private int heldCount;
    private int size;

    public Base64Output(BodyOutput out) {
        this.out = out;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        // A quantum the last write began is completed first.
        while (heldCount > 0 && i < end) {
            held[heldCount++] = buf[i++];
            if (heldCount == 3) {
                quantum(held[0], held[1], held[2]);
                heldCount = 0;
            }
        }
        for (; i + 3 <= end; i += 3) {
            quantum(buf[i], buf[i + 1], buf[i + 2]);
        }
        while (i < end) {
            held[heldCount++] = buf[i++];
        }
        flush();
    }

    /** The output ended: writes the held bytes as a padded last quantum. */
    public void finish() {
        if (heldCount > 0) {
            int b0 = held[0] & 0xff;
            int b1 = heldCount == 2 ? held[1] & 0xff : 0;
            room(4);
            buffer[size++] = ALPHABET[b0 >> 2];
            buffer[size++] = ALPHABET[(b0 & 0x3) << 4 | b1 >> 4];
            buffer[size++] = heldCount == 2 ? ALPHABET[(b1 & 0xf) << 2] : (byte) '=';
            buffer[size++] = '=';
            heldCount = 0;
        }
        flush();
    }

    private void quantum(byte a, byte b, byte c) {
        int bits = (a & 0xff) << 16 | (b & 0xff) << 8 | c & 0xff;
        room(4);
        buffer[size++] = ALPHABET[bits >> 18 & 0x3f];
        buffer[size++] = ALPHABET[bits >> 12 & 0x3f];
        buffer[size++] = ALPHABET[bits >> 6 & 0x3f];
        buffer[size++] = ALPHABET[bits & 0x3f];
    }

    private void room(int n) {
        if (size + n > OUT) {
            flush();
        }
    }

    private void flush() {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }
}
