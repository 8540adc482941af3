package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.OutcomeRecorder;

/**
 * Decodes the {@code deflate} content coding. RFC 9110 §8.4.1.2 defines it as the zlib format
 * (RFC 1950: a 2-byte header, DEFLATE data, an Adler-32), but many servers have always sent raw
 * DEFLATE (RFC 1951) under that name, and clients accept both. So the first two bytes decide: a
 * valid zlib header (RFC 1950 §2.2: CM 8, CINFO ≤ 7, {@code CMF*256 + FLG} a multiple of 31) means
 * zlib, anything else raw DEFLATE. A raw stream whose first two bytes pass that check is possible
 * but needs a non-final stored block with a specific length byte; every mainstream client makes
 * the same guess.
 *
 * <p>States: {@code DETECT} (holding up to the first two bytes, since a chunk may be one byte
 * long), {@code INFLATE}, {@code FINISHED}. Bytes after the end of the DEFLATE stream are a
 * {@code DECODING_ERROR}.
 *
 * <p>Limits (see {@link DecodingSink}): decoded bytes ≤ {@code maxDecompressedBytes} (64 MiB),
 * decoded/compressed ratio ≤ {@code maxDecompressionRatio} (200) once 1 MiB is decoded, output
 * produced in steps of {@value DecodingSink#OUTPUT_STEP} bytes.
 *
 * <p>Native state: one {@link java.util.zip.Inflater}, created once the format is known and ended
 * when the stage stops or ends (the JDK's own cleaner frees it if neither happens).
 */
final class DeflateDecodingSink extends DecodingSink {
    private enum State { DETECT, INFLATE, FINISHED }

    private static final int HEADER_LENGTH = 2;

    private final FixedField head = new FixedField(HEADER_LENGTH);
    private State state = State.DETECT;
    private InflaterPump pump;

    DeflateDecodingSink(ByteSink downstream, InspectionLimits limits, OutcomeRecorder outcomes) {
        super("deflate", downstream, limits, outcomes);
    }

    @Override
    void decode(byte[] buf, int off, int len) throws Exception {
        int pos = off;
        int end = off + len;
        if (state == State.DETECT) {
            pos += head.fill(buf, pos, end, HEADER_LENGTH);
            if (head.length() < HEADER_LENGTH) {
                return;
            }
            pump = new InflaterPump(!isZlibHeader(head.byteAt(0), head.byteAt(1)), false);
            state = State.INFLATE;
            if (!inflate(head.array(), 0, HEADER_LENGTH)) {
                return;
            }
        }
        inflate(buf, pos, end - pos);
    }

    @Override
    boolean atStreamBoundary() {
        return state == State.FINISHED;
    }

    @Override
    void release() {
        if (pump != null) {
            pump.end();
        }
    }

    /** Inflates the given bytes; returns whether decoding should go on. */
    private boolean inflate(byte[] buf, int off, int len) throws Exception {
        if (len == 0 || !running()) {
            return running();
        }
        if (state == State.FINISHED) {
            corrupt("data after the end of the stream");
            return false;
        }
        int used = pump.inflate(buf, off, len, this);
        if (pump.finished()) {
            state = State.FINISHED;
            if (used < len && running()) {
                corrupt("data after the end of the stream");
            }
        }
        return running();
    }

    /** RFC 1950 §2.2: CM = 8 (deflate), CINFO ≤ 7 (window ≤ 32 KiB), FCHECK makes CMF·256+FLG ≡ 0 mod 31. */
    static boolean isZlibHeader(int cmf, int flg) {
        return (cmf & 0x0f) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }
}
