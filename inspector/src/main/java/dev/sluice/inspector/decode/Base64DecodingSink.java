package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import dev.sluice.matchers.validate.Base64Alphabet;

/**
 * Decodes base64 (RFC 4648 §4, and the URL-safe alphabet of §5) as its bytes stream by: a MIME
 * part's {@code Content-Transfer-Encoding: base64}, a {@code application/grpc-web-text} body.
 * Padding ends a quantum, so base64 texts written one after another decode as the bytes they
 * each hold ({@code QQ==QkM=} is {@code A} then {@code BC}): grpc-web-text encodes each frame
 * on its own. Never throws: characters outside the alphabet are skipped, as RFC 2045 asks of
 * base64 decoders, and an incomplete last quantum gives the bytes it has. Fixed memory: a 3 KiB
 * output buffer ({@link BufferedDecoder}) and at most three held sextets.
 */
public final class Base64DecodingSink extends BufferedDecoder {
    /** Where padding ended a quantum, for an output that writes the text again; null when none does. */
    private final Base64Segments segments;
    private int bits;
    private int sextets;

    public Base64DecodingSink(ByteSink next) {
        this(next, null);
    }

    public Base64DecodingSink(ByteSink next, Base64Segments segments) {
        super(next);
        this.segments = segments;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = buf[i];
            int v = Base64Alphabet.sextet(c & 0xFF);
            if (v >= 0) {
                bits = bits << 6 | v;
                if (++sextets == 4) {
                    emit(bits >> 16 & 0xff);
                    emit(bits >> 8 & 0xff);
                    emit(bits & 0xff);
                    sextets = 0;
                    bits = 0;
                }
            } else if (c == '=') {
                boolean early = sextets >= 2;
                endQuantum();
                if (early && segments != null) {
                    segments.ended(emitted());
                }
            }
        }
        flush();
    }

    @Override
    protected void finish() {
        if (sextets >= 2 && segments != null) {
            segments.endedUnpadded();
        }
        endQuantum();
    }

    /** Writes what a quantum cut short holds (padding, or the end): two sextets give a byte, three give two. */
    private void endQuantum() {
        if (sextets == 2) {
            emit(bits >> 4 & 0xff);
        } else if (sextets == 3) {
            emit(bits >> 10 & 0xff);
            emit(bits >> 2 & 0xff);
        }
        sextets = 0;
        bits = 0;
    }
}
