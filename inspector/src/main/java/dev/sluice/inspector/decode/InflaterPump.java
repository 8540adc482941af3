package dev.sluice.inspector.decode;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Runs one {@link Inflater} over borrowed input in bounded output steps, for the gzip and
 * deflate stages. The Inflater never gets an output buffer larger than
 * {@link DecodingSink#OUTPUT_STEP}, and the stage's limits are checked after every step, so a
 * small DEFLATE bomb (RFC 1951 allows a 258-byte match per few bits, about 1:1032) inflates at
 * most one step past a limit.
 *
 * <p>Ownership: {@link #inflate} borrows its input and hands it to the Inflater only for the
 * duration of the call; the reference is dropped before returning. The output buffer is owned
 * here and reused for every step.
 *
 * <p>The Inflater's native zlib state is released by {@link #end}; the JDK also registers its own
 * cleaner for it, so an Inflater that is never ended is still freed once unreachable.
 */
final class InflaterPump {
    private static final byte[] NO_INPUT = new byte[0];

    private final Inflater inflater;
    private final byte[] out = new byte[DecodingSink.OUTPUT_STEP];
    /** CRC-32 of the decoded bytes (RFC 1952 §2.3.1 CRC32), or null when the format has none here. */
    private final CRC32 crc;
    private long bytesRead;
    private long produced;

    /**
     * @param nowrap true for raw DEFLATE (RFC 1951, also the body of a gzip member), false for the
     *               zlib format (RFC 1950), whose header and Adler-32 the Inflater checks itself
     * @param withCrc whether to keep a CRC-32 of the output for a gzip trailer
     */
    InflaterPump(boolean nowrap, boolean withCrc) {
        this.inflater = new Inflater(nowrap);
        this.crc = withCrc ? new CRC32() : null;
    }

    /**
     * Inflates from {@code buf[off, off + len)}, emitting each step through {@code stage}, until
     * the input is used up, the DEFLATE stream ends or the stage stops. Returns the number of
     * input bytes used; after the stream's end the rest belongs to whatever follows it.
     */
    int inflate(byte[] buf, int off, int len, DecodingSink stage) throws DataFormatException {
        inflater.setInput(buf, off, len);
        try {
            while (true) {
                int n = inflateStep(stage);
                long read = inflater.getBytesRead();
                stage.consumed(read - bytesRead);
                bytesRead = read;
                if (n > 0) {
                    if (crc != null) {
                        crc.update(out, 0, n);
                    }
                    produced += n;
                    if (!stage.emit(out, 0, n)) {
                        break;
                    }
                }
                if (inflater.finished()) {
                    break;
                }
                if (n < out.length) {
                    if (inflater.needsInput()) {
                        break;
                    }
                    if (inflater.needsDictionary()) {
                        // RFC 1950 §2.2 FDICT: a preset dictionary HTTP never negotiates.
                        throw new DataFormatException("preset dictionary");
                    }
                    if (n == 0) {
                        throw new DataFormatException("inflater made no progress");
                    }
                }
            }
            return len - inflater.getRemaining();
        } finally {
            inflater.setInput(NO_INPUT); // the caller's buffer is only borrowed
        }
    }

    /**
     * One bounded inflate call. When zlib rejects the stream (a bad code, a wrong Adler-32), the
     * bytes it decoded in the same call before the fault are still delivered: how many that is
     * depends on where the chunks were cut, and a body must give the same findings for any cuts.
     */
    private int inflateStep(DecodingSink stage) throws DataFormatException {
        try {
            return inflater.inflate(out, 0, out.length);
        } catch (DataFormatException e) {
            int before = (int) (inflater.getBytesWritten() - produced);
            if (before > 0) {
                if (crc != null) {
                    crc.update(out, 0, before);
                }
                produced += before;
                stage.emit(out, 0, before);
            }
            throw e;
        }
    }

    /** True once the final DEFLATE block (and, for zlib, the Adler-32) has been read. */
    boolean finished() {
        return inflater.finished();
    }

    /** CRC-32 of the bytes produced since the last reset; only with {@code withCrc}. */
    int crc() {
        return (int) crc.getValue();
    }

    /** Bytes produced since the last reset, for the gzip ISIZE check (RFC 1952 §2.3.1). */
    long produced() {
        return produced;
    }

    /** Prepares for the next gzip member. */
    void reset() {
        inflater.reset();
        if (crc != null) {
            crc.reset();
        }
        bytesRead = 0;
        produced = 0;
    }

    void end() {
        inflater.end();
    }
}
