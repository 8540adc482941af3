package dev.sluice.grpc.frame;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses one whole gRPC message (already reassembled, so one-shot) into a reusable output
 * buffer that never grows past {@code maxOutput + 1} bytes: a bomb costs at most that much memory
 * before it is refused.
 *
 * <p>Formats: {@code gzip} is one or more gzip members (RFC 1952 §2.2; header flags, CRC-32 and
 * ISIZE checked); {@code deflate} is zlib (RFC 1950, as gRPC specifies), or raw DEFLATE (RFC
 * 1951) when the first two bytes are not a zlib header. Bytes after the compressed stream are
 * corruption, not ignored: a lenient reader elsewhere could see data we did not inspect.
 *
 * <p>Native state: two {@link Inflater}s made on first use, reset per message and ended by
 * {@link #end()} (the JDK's cleaner frees them if {@code end} is never called).
 */
final class MessageInflater {
    enum Result { OK, CORRUPT, TOO_LARGE }

    private static final int GZIP_HEADER = 10;
    private static final int GZIP_TRAILER = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int FRESERVED = 0xe0;
    private static final int FIRST_STEP = 8192;
    /** An output buffer larger than this is dropped after use rather than kept for the next message. */
    private static final int RETAINED_OUTPUT = 256 * 1024;

    private final int maxOutput;
    private final CRC32 crc = new CRC32();
    private Inflater raw;
    private Inflater zlib;
    private byte[] out = new byte[0];
    private int outLen;

    MessageInflater(int maxOutput) {
        this.maxOutput = maxOutput;
    }

    byte[] output() {
        return out;
    }

    int outputLength() {
        return outLen;
    }

    /** Drops a large output buffer once the message it holds has been handed on. */
    void trim() {
        if (out.length > RETAINED_OUTPUT) {
            out = new byte[0];
        }
        outLen = 0;
    }

    void end() {
        if (raw != null) {
            raw.end();
            raw = null;
        }
        if (zlib != null) {
            zlib.end();
            zlib = null;
        }
    }

    Result inflate(GrpcEncoding encoding, byte[] buf, int off, int len) {
        outLen = 0;
        try {
            return encoding == GrpcEncoding.GZIP ? gunzip(buf, off, off + len) : deflate(buf, off, off + len);
        } catch (DataFormatException e) {
            return Result.CORRUPT;
        }
    }

    private Result deflate(byte[] buf, int start, int end) throws DataFormatException {
        boolean zlibHeader = end - start >= 2 && (buf[start] & 0x0f) == 8 && (buf[start] & 0xf0) <= 0x70
                && (((buf[start] & 0xff) << 8) | (buf[start + 1] & 0xff)) % 31 == 0;
        Inflater inf = zlibHeader ? zlib() : raw();
        inf.setInput(buf, start, end - start);
        Result r = drain(inf);
        if (r == Result.OK && inf.getRemaining() != 0) {
            r = Result.CORRUPT;
        }
        inf.reset();
        return r;
    }

    private Result gunzip(byte[] buf, int start, int end) throws DataFormatException {
        int p = start;
        do {
            int body = gzipHeaderEnd(buf, p, end);
            if (body < 0) {
                return Result.CORRUPT;
            }
            int memberStart = outLen;
            Inflater inf = raw();
            inf.setInput(buf, body, end - body);
            Result r = drain(inf);
            int trailer = end - inf.getRemaining();
            inf.reset();
            if (r != Result.OK) {
                return r;
            }
            if (end - trailer < GZIP_TRAILER) {
                return Result.CORRUPT;
            }
            crc.reset();
            crc.update(out, memberStart, outLen - memberStart);
            if (littleEndianInt(buf, trailer) != (int) crc.getValue()
                    || littleEndianInt(buf, trailer + 4) != outLen - memberStart) {
                return Result.CORRUPT;
            }
            p = trailer + GZIP_TRAILER;
        } while (p < end);
        return Result.OK;
    }

    /** Position of the DEFLATE data after a gzip member header at {@code p} (RFC 1952 §2.3), or -1. */
    private static int gzipHeaderEnd(byte[] buf, int p, int end) {
        if (end - p < GZIP_HEADER || (buf[p] & 0xff) != 0x1f || (buf[p + 1] & 0xff) != 0x8b || buf[p + 2] != 8) {
            return -1;
        }
        int flags = buf[p + 3] & 0xff;
        if ((flags & FRESERVED) != 0) {
            return -1;
        }
        int q = p + GZIP_HEADER;
        if ((flags & FEXTRA) != 0) {
            if (end - q < 2) {
                return -1;
            }
            q += 2 + ((buf[q] & 0xff) | (buf[q + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            q = afterZero(buf, q, end);
        }
        if ((flags & FCOMMENT) != 0) {
            q = afterZero(buf, q, end);
        }
        if ((flags & FHCRC) != 0) {
            q += 2;
        }
        return q <= end && q >= 0 ? q : -1;
    }

    private static int afterZero(byte[] buf, int q, int end) {
        if (q < 0) {
            return -1;
        }
        for (int i = q; i < end; i++) {
            if (buf[i] == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Inflates until the stream ends, growing the output up to one byte past the limit. */
    private Result drain(Inflater inf) throws DataFormatException {
        while (!inf.finished()) {
            if (outLen == out.length) {
                if (out.length > maxOutput) {
                    return Result.TOO_LARGE;
                }
                int grown = (int) Math.min((long) maxOutput + 1, Math.max(FIRST_STEP, (long) out.length * 2));
                out = Arrays.copyOf(out, grown);
            }
            int n = inf.inflate(out, outLen, out.length - outLen);
            outLen += n;
            if (outLen > maxOutput) {
                return Result.TOO_LARGE;
            }
            if (n == 0 && !inf.finished() && outLen < out.length) {
                // needs input (truncated) or a preset dictionary gRPC never negotiates
                return Result.CORRUPT;
            }
        }
        return Result.OK;
    }

    private Inflater raw() {
        if (raw == null) {
            raw = new Inflater(true);
        }
        return raw;
    }

    private Inflater zlib() {
        if (zlib == null) {
            zlib = new Inflater(false);
        }
        return zlib;
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
