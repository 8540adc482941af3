package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.OutcomeRecorder;

/**
 * Decodes the {@code gzip} and {@code x-gzip} content codings (RFC 9110 §8.4.1.3): a series of
 * gzip members (RFC 1952 §2.2), each a header, a raw DEFLATE stream (RFC 1951) and an 8-byte
 * trailer whose CRC-32 and ISIZE are checked. Several members in a row are decoded as one body,
 * as RFC 1952 §2.2 allows and as {@code cat a.gz b.gz} produces.
 *
 * <p>States: {@code HEADER} (via {@link GzipHeaderParser}), {@code DEFLATE}, {@code TRAILER},
 * and {@code BETWEEN_MEMBERS}, where the body may end cleanly or the next member must begin with
 * the gzip magic. Anything else after a member (zero padding, appended data) is a
 * {@code DECODING_ERROR}: bytes a lenient client might read must not pass as "complete".
 *
 * <p>Limits (see {@link DecodingSink}): decoded bytes ≤ {@code maxDecompressedBytes} (64 MiB),
 * decoded/compressed ratio ≤ {@code maxDecompressionRatio} (200) once 1 MiB is decoded, output
 * produced in steps of {@value DecodingSink#OUTPUT_STEP} bytes. Header fields are skipped without
 * buffering, so they need no limit of their own.
 *
 * <p>Native state: one {@link java.util.zip.Inflater}, reused across members and ended when the
 * stage stops or ends (the JDK's own cleaner frees it if neither happens).
 */
final class GzipDecodingSink extends DecodingSink {
    private static final int TRAILER_LENGTH = 8;

    private enum State { HEADER, DEFLATE, TRAILER, BETWEEN_MEMBERS }

    private final GzipHeaderParser header = new GzipHeaderParser();
    private final InflaterPump pump = new InflaterPump(true, true);
    private final FixedField trailer = new FixedField(TRAILER_LENGTH);
    private State state = State.HEADER;

    GzipDecodingSink(ByteSink downstream, InspectionLimits limits, OutcomeRecorder outcomes) {
        super("gzip", downstream, limits, outcomes);
    }

    @Override
    void decode(byte[] buf, int off, int len) throws Exception {
        int pos = off;
        int end = off + len;
        while (pos < end && running()) {
            switch (state) {
                case BETWEEN_MEMBERS -> {
                    header.reset();
                    pump.reset();
                    state = State.HEADER;
                }
                case HEADER -> {
                    int n = header.parse(buf, pos, end - pos);
                    consumed(n);
                    pos += n;
                    if (header.invalid()) {
                        corrupt(header.problem());
                    } else if (header.done()) {
                        state = State.DEFLATE;
                    }
                }
                case DEFLATE -> {
                    pos += pump.inflate(buf, pos, end - pos, this);
                    if (pump.finished()) {
                        state = State.TRAILER;
                        trailer.clear();
                    }
                }
                case TRAILER -> {
                    int n = trailer.fill(buf, pos, end, TRAILER_LENGTH);
                    consumed(n);
                    pos += n;
                    if (trailer.length() == TRAILER_LENGTH) {
                        checkTrailer();
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    @Override
    boolean atStreamBoundary() {
        return state == State.BETWEEN_MEMBERS;
    }

    @Override
    void release() {
        pump.end();
    }

    /** RFC 1952 §2.3.1: CRC32 of the uncompressed data, then ISIZE, its length modulo 2^32. */
    private void checkTrailer() {
        if (trailer.int32(0) != pump.crc()) {
            corrupt("CRC-32 mismatch");
        } else if (trailer.int32(4) != (int) pump.produced()) {
            corrupt("ISIZE mismatch");
        } else {
            state = State.BETWEEN_MEMBERS;
        }
    }
}
