package dev.sluice.inspector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A long body made on the fly and never held whole: a head, a filler repeated up to the length,
 * a tail, and inserts that overwrite filler bytes at chosen offsets. Lets a test stream a
 * gigabyte through a session while allocating one chunk buffer.
 */
final class GeneratedBody {
    private static final int MIN_BLOCK = 64 * 1024;

    private final byte[] head;
    private final byte[] block;
    private final int period;
    private final long length;
    private final byte[] tail;
    private final List<Insert> inserts = new ArrayList<>();

    private record Insert(long at, byte[] bytes) {
    }

    /**
     * @param filler repeated from the end of {@code head} on; its first byte follows the head
     */
    GeneratedBody(String head, String filler, long length, String tail) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.tail = tail.getBytes(StandardCharsets.UTF_8);
        byte[] f = filler.getBytes(StandardCharsets.UTF_8);
        if (f.length == 0 || length < this.head.length + this.tail.length) {
            throw new IllegalArgumentException("empty filler or length shorter than head and tail");
        }
        this.period = f.length;
        // Whole periods, at least MIN_BLOCK plus one period, so any phase can copy a full step.
        int periods = (MIN_BLOCK + period - 1) / period + 1;
        this.block = new byte[periods * period];
        for (int i = 0; i < periods; i++) {
            System.arraycopy(f, 0, block, i * period, period);
        }
        this.length = length;
    }

    /** Overwrites the body at {@code at} with {@code text}; returns this. */
    GeneratedBody insert(long at, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (at < head.length || at + b.length > length - tail.length) {
            throw new IllegalArgumentException("insert outside the filler");
        }
        inserts.add(new Insert(at, b));
        return this;
    }

    long length() {
        return length;
    }

    /** Offset of the first byte of filler period {@code n}: where a same-length insert keeps the structure. */
    long periodStart(long n) {
        return head.length + n * period;
    }

    /**
     * Feeds the body to {@code session} in {@code chunkSize} pieces from one reused buffer,
     * telling {@code progress} the offset reached after each piece.
     */
    void feed(InspectionSession session, int chunkSize, LongConsumer progress) {
        byte[] buf = new byte[Math.min(chunkSize, MIN_BLOCK)];
        for (long pos = 0; pos < length; ) {
            int n = (int) Math.min(buf.length, length - pos);
            fill(buf, pos, n);
            session.feed(buf, 0, n);
            pos += n;
            progress.accept(pos);
        }
    }

    /** Writes body bytes {@code [pos, pos + n)} into {@code buf[0..n)}. */
    void fill(byte[] buf, long pos, int n) {
        int phase = (int) Math.floorMod(pos - head.length, (long) period);
        System.arraycopy(block, phase, buf, 0, n);
        overlay(buf, pos, n, 0, head);
        overlay(buf, pos, n, length - tail.length, tail);
        for (Insert i : inserts) {
            overlay(buf, pos, n, i.at(), i.bytes());
        }
    }

    private static void overlay(byte[] buf, long pos, int n, long at, byte[] bytes) {
        long from = Math.max(pos, at);
        long to = Math.min(pos + n, at + bytes.length);
        if (from < to) {
            System.arraycopy(bytes, (int) (from - at), buf, (int) (from - pos), (int) (to - from));
        }
    }
}
