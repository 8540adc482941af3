package dev.sluice.inspector.json;

import java.util.Arrays;

/**
 * The raw input bytes from the start of the token Jackson is still reading to the end of
 * what was fed: what string decoding and the raw-text fallback read. Positions are offsets
 * into the parser's input. Discarding only moves a cursor; bytes are compacted when
 * appending needs room, so discarding after every token costs nothing. A window grown past
 * {@value #TRIM_FROM} bytes for a long token is {@link #trim trimmed} once it holds under a
 * quarter of that (the memory was charged for that token only).
 */
final class RawWindow {
    // Sized by the first append: a nested document found in a string is written whole, once,
    // and a fixed 8 KiB start cost that much allocation per nested document.
    private static final int TRIM_FROM = 256 * 1024;

    private byte[] buf = new byte[0];
    private int head;
    private int tail;
    private long start;

    void append(byte[] b, int off, int len) {
        if (tail + len > buf.length) {
            int live = tail - head;
            if (live + len <= buf.length / 2 * 2 && head > 0) {
                System.arraycopy(buf, head, buf, 0, live);
            } else {
                byte[] n = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, head, n, 0, live);
                buf = n;
            }
            tail = live;
            head = 0;
            if (tail + len > buf.length) {
                buf = Arrays.copyOf(buf, tail + len);
            }
        }
        System.arraycopy(b, off, buf, tail, len);
        tail += len;
    }

    /** Forgets the bytes before input offset {@code pos}. */
    void discardBefore(long pos) {
        long drop = Math.min(pos - start, tail - head);
        if (drop > 0) {
            head += (int) drop;
            start += drop;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /** Gives back most of a window grown for a long token, once it holds under a quarter of it. */
    void trim() {
        int live = tail - head;
        if (buf.length > TRIM_FROM && live * 4L < buf.length) {
            byte[] n = new byte[Math.max(live * 2, 1024)];
            System.arraycopy(buf, head, n, 0, live);
            buf = n;
            head = 0;
            tail = live;
        }
    }

    /** Index into {@link #array()} of input offset {@code pos}, or -1 when not held. */
    int index(long pos) {
        long i = pos - start;
        return i < 0 || i > tail - head ? -1 : head + (int) i;
    }

    /**
     * Input offset past the held bytes that begin with no token: JSON whitespace, {@code ,},
     * {@code :} and the record separator of JSON text sequences (RFC 7464). No value starts
     * before it.
     */
    long pastSeparators() {
        int i = head;
        while (i < tail && separator(buf[i])) {
            i++;
        }
        return start + (i - head);
    }

    private static boolean separator(byte b) {
        return JsonWhitespace.is(b) || b == ',' || b == ':' || b == 0x1E;
    }

    byte[] array() {
        return buf;
    }

    /** Input offset of the first held byte; {@code array()[head]}. */
    long start() {
        return start;
    }

    int size() {
        return tail - head;
    }

    /** Index of the first held byte in {@link #array()}. */
    int head() {
        return head;
    }
}
