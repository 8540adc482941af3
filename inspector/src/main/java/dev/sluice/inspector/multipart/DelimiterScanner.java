package dev.sluice.inspector.multipart;

import dev.sluice.inspector.ByteSink;

/**
 * Finds the next delimiter {@code CRLF "--" boundary} (RFC 2046 §5.1.1; a bare LF is
 * tolerated) in a stream of chunks and passes every byte before it to a {@link ByteSink}.
 *
 * <p>Bytes that may start a delimiter are held back, never copied: they are always a prefix of
 * {@code "\n--" + boundary}, optionally after one {@code CR}, so on a mismatch they are replayed
 * from the pattern itself. The hold is therefore at most {@code boundary length + 4} bytes and
 * costs no buffer. Because {@code LF} occurs only at the start of the pattern (a boundary holds
 * no CR or LF), a mismatch restarts the search at the mismatching byte (no KMP table needed).
 *
 * <p>A scan may start "at the beginning of a line" ({@link #reset(boolean)}): then the leading
 * LF is virtual, so a delimiter right at the start of the body or of a part body is found.
 */
final class DelimiterScanner {
    private static final byte[] CR = {'\r'};

    /** {@code "\n--" + boundary}. */
    private final byte[] pattern;

    /** Bytes of {@link #pattern} matched so far. */
    private int matched;
    /** True when a CR is held before the matched pattern bytes. */
    private boolean heldCr;
    /** True when pattern[0] (the LF) was not on the wire. */
    private boolean virtualLf;
    /** Wire offset of the first held byte; meaningful while something is held. */
    private long heldStart;

    DelimiterScanner(byte[] boundary) {
        pattern = new byte[boundary.length + 3];
        pattern[0] = '\n';
        pattern[1] = '-';
        pattern[2] = '-';
        System.arraycopy(boundary, 0, pattern, 3, boundary.length);
    }

    /** Starts a new search; {@code atLineStart} makes a delimiter without a leading newline count. */
    void reset(boolean atLineStart, long wireOffset) {
        heldCr = false;
        virtualLf = atLineStart;
        matched = atLineStart ? 1 : 0;
        heldStart = wireOffset;
    }

    /**
     * Scans {@code buf[off, end)} whose first byte is at wire offset {@code wireOff}; passes the
     * bytes before any delimiter to {@code out} (null: drop them). Returns the index just past
     * the delimiter, or -1 when none ended in this range (then every byte was either passed on
     * or is held).
     */
    int scan(byte[] buf, int off, int end, long wireOff, ByteSink out) {
        int run = off;
        int i = off;
        while (i < end) {
            byte b = buf[i];
            if (matched == 0 && !heldCr) {
                if (b == '\r' || b == '\n') {
                    heldStart = wireOff + (i - off);
                    if (b == '\r') {
                        heldCr = true;
                    } else {
                        matched = 1;
                    }
                }
                i++;
                continue;
            }
            if (matched == 0) {
                // A CR is held: only LF continues.
                if (b == '\n') {
                    matched = 1;
                    i++;
                    continue;
                }
            } else if (b == pattern[matched]) {
                matched++;
                i++;
                if (matched == pattern.length) {
                    flushBeforeHold(buf, off, run, wireOff, out);
                    matched = 0;
                    heldCr = false;
                    virtualLf = false;
                    return i;
                }
                continue;
            }
            // Mismatch at b: the held bytes were data. Reprocess b from a clean state.
            run = release(run, i, wireOff, out);
        }
        if (matched == 0 && !heldCr) {
            pass(buf, run, end, out);
        } else {
            flushBeforeHold(buf, off, run, wireOff, out);
        }
        return -1;
    }

    /** The search ended without a delimiter: pass every held byte on. */
    void flushHeld(ByteSink out) {
        if (out != null) {
            replayHeld(out);
        }
        matched = 0;
        heldCr = false;
        virtualLf = false;
    }

    /** Passes on the bytes before the held ones in this chunk, at the start of a delimiter or the chunk end. */
    private void flushBeforeHold(byte[] buf, int off, int run, long wireOff, ByteSink out) {
        if (heldStart >= wireOff) {
            pass(buf, run, off + (int) (heldStart - wireOff), out);
        }
    }

    /**
     * Releases held bytes as data at index {@code i}; returns the new start of the run of
     * unforwarded bytes in this chunk. Held bytes that began in this chunk sit in
     * {@code buf[run, i)} already (nothing from {@code run} on was passed yet), so the run just
     * continues; held bytes that began in an earlier chunk are replayed from the pattern.
     */
    private int release(int run, int i, long wireOff, ByteSink out) {
        int next = run;
        if (heldStart < wireOff) {
            if (out != null) {
                replayHeld(out);
            }
            next = i;
        }
        matched = 0;
        heldCr = false;
        virtualLf = false;
        return next;
    }

    private void replayHeld(ByteSink out) {
        if (heldCr) {
            out.write(CR, 0, 1);
        }
        int from = virtualLf ? 1 : 0;
        if (matched > from) {
            out.write(pattern, from, matched - from);
        }
    }

    private static void pass(byte[] buf, int from, int to, ByteSink out) {
        if (out != null && to > from) {
            out.write(buf, from, to - from);
        }
    }
}
