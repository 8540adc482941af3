package dev.sluice.inspector.redact;

import dev.sluice.inspector.decode.Base64Segments;
import java.nio.charset.StandardCharsets;

/**
 * A rewriting session's output encoded as base64 again (RFC 4648 §4), for a body whose
 * representation is base64 text ({@code application/grpc-web-text}): the session reads the
 * decoded messages and rewrites them, and the client must get text it can decode. Quanta end
 * early, padded, where the text read ended them ({@link Base64Segments}: grpc-web-text servers
 * encode each frame on its own), and the text ends unpadded if it did, so a body left unchanged
 * leaves as the same bytes. Fixed memory: at most three held bytes and a 4 KiB output buffer.
 */
public final class Base64Output implements BodyOutput {
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    private static final int OUT = 4 * 1024;

    private final BodyOutput out;
    private final Base64Segments segments;
    private final byte[] buffer = new byte[OUT];
    private final byte[] held = new byte[3];
    private int heldCount;
    private int size;
    /** Decoded bytes taken so far. */
    private long taken;

    public Base64Output(BodyOutput out, Base64Segments segments) {
        this.out = out;
        this.segments = segments;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            long boundary = segments.next();
            while (boundary >= 0 && boundary <= taken) {
                endSegment();
                segments.take();
                boundary = segments.next();
            }
            // Up to the next early end (or all of it), three bytes at a time once none is held.
            int stop = boundary < 0 ? end : (int) Math.min(end, i + (boundary - taken));
            while (heldCount > 0 && i < stop) {
                held[heldCount++] = buf[i++];
                taken++;
                if (heldCount == 3) {
                    quantum(held[0], held[1], held[2]);
                    heldCount = 0;
                }
            }
            for (; i + 3 <= stop; i += 3) {
                quantum(buf[i], buf[i + 1], buf[i + 2]);
                taken += 3;
            }
            while (i < stop) {
                held[heldCount++] = buf[i++];
                taken++;
            }
        }
        flush();
    }

    /** The output ended: writes the held bytes as a last quantum, padded unless the text read was not. */
    public void finish() {
        if (heldCount > 0) {
            lastQuantum(!segments.unpaddedEnd());
        }
        flush();
    }

    /** A text read ended here: the held bytes go out as a padded quantum. */
    private void endSegment() {
        if (heldCount > 0) {
            lastQuantum(true);
        }
    }

    private void lastQuantum(boolean padded) {
        int b0 = held[0] & 0xff;
        int b1 = heldCount == 2 ? held[1] & 0xff : 0;
        room(4);
        buffer[size++] = ALPHABET[b0 >> 2];
        buffer[size++] = ALPHABET[(b0 & 0x3) << 4 | b1 >> 4];
        if (heldCount == 2) {
            buffer[size++] = ALPHABET[(b1 & 0xf) << 2];
        } else if (padded) {
            buffer[size++] = '=';
        }
        if (padded) {
            buffer[size++] = '=';
        }
        heldCount = 0;
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
