package dev.sluice.inspector.delta;

import dev.sluice.matchers.ValueSink;

/**
 * One delta channel of an event stream: the last {@value #CAPACITY} decoded bytes of the text
 * its values have sent so far, each run with the wire span it came from, to be replayed before
 * the channel's next value ({@link ValueSink#context}); and a hash of its last value, so a field
 * under a {@code delta} object that repeats one value in every event ({@code $.delta.type}) is
 * not joined to itself.
 */
final class DeltaTail {
    /**
     * Bytes replayed: a match up to this long (cards, keys, most tokens and addresses) is found
     * whole however the stream cut it; a longer one is found from where this tail begins.
     */
    static final int CAPACITY = 256;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    final String path;
    /**
     * The path's key is one text is streamed under: its pieces are joined even when one repeats
     * the last (a model sends " 1111" three times running for a card number).
     */
    private final boolean streamsText;
    /** When the channel was last written, for the least recently used to go first. */
    long lastUse;
    private final byte[] bytes = new byte[CAPACITY];
    private int length;
    private int[] runLength = new int[8];
    private long[] runWireStart = new long[8];
    private long[] runWireEnd = new long[8];
    private int runs;

    private boolean seen;
    private boolean repeats;
    private long previousHash;
    private long previousLength;
    private long hash;
    private long valueLength;

    DeltaTail(String path, boolean streamsText) {
        this.path = path;
        this.streamsText = streamsText;
    }

    /**
     * Replays the last {@code max} bytes of the tail, at most, into the value {@code next} has
     * just begun, unless the channel only repeats itself; returns how many it replayed. A
     * verbatim run is cut to fit, an escape is left out whole.
     */
    int replayInto(ValueSink next, int max) {
        if (!seen || repeats && !streamsText || max <= 0) {
            return 0;
        }
        int skip = Math.max(0, length - max);
        int at = 0;
        for (int i = 0; i < runs; i++) {
            int n = runLength[i];
            int cut = Math.min(n, Math.max(0, skip - at));
            if (cut == 0) {
                next.context(bytes, at, n, runWireStart[i], runWireEnd[i]);
            } else if (cut < n && verbatim(i)) {
                next.context(bytes, at + cut, n - cut, runWireStart[i] + cut, runWireEnd[i]);
            }
            at += n;
        }
        return Math.min(length, max);
    }

    /** A value of the channel begins. */
    void begin() {
        hash = FNV_OFFSET;
        valueLength = 0;
    }

    /** Decoded bytes of the value, from wire bytes {@code [wireStart, wireEnd)}. */
    void add(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        if (len <= 0) {
            return;
        }
        for (int i = off; i < off + len; i++) {
            hash = (hash ^ (buf[i] & 0xFF)) * FNV_PRIME;
        }
        valueLength += len;
        boolean asSent = wireEnd - wireStart == len;
        if (len > CAPACITY) {
            if (!asSent) {
                return; // no escape decodes to this much
            }
            int cut = len - CAPACITY;
            off += cut;
            wireStart += cut;
            len = CAPACITY;
        }
        dropFront(length + len - CAPACITY);
        System.arraycopy(buf, off, bytes, length, len);
        length += len;
        if (asSent && runs > 0 && runWireEnd[runs - 1] == wireStart && verbatim(runs - 1)) {
            runLength[runs - 1] += len;
            runWireEnd[runs - 1] = wireEnd;
            return;
        }
        if (runs == runLength.length) {
            runLength = java.util.Arrays.copyOf(runLength, runs * 2);
            runWireStart = java.util.Arrays.copyOf(runWireStart, runs * 2);
            runWireEnd = java.util.Arrays.copyOf(runWireEnd, runs * 2);
        }
        runLength[runs] = len;
        runWireStart[runs] = wireStart;
        runWireEnd[runs] = wireEnd;
        runs++;
    }

    /**
     * The value ended: one equal to the value before is a repeated field, not a delta. An empty
     * one says nothing (models send empty deltas between pieces of text).
     */
    void end() {
        if (valueLength == 0) {
            return;
        }
        repeats = seen && hash == previousHash && valueLength == previousLength;
        previousHash = hash;
        previousLength = valueLength;
        seen = true;
    }

    /** Forgets at least {@code n} bytes from the front: a verbatim run may be cut, an escape goes whole. */
    private void dropFront(int n) {
        if (n <= 0) {
            return;
        }
        int dropped = 0;
        int whole = 0;
        while (whole < runs && dropped + runLength[whole] <= n) {
            dropped += runLength[whole++];
        }
        if (dropped < n && whole < runs) {
            int cut = n - dropped;
            if (verbatim(whole)) {
                runLength[whole] -= cut;
                runWireStart[whole] += cut;
                dropped = n;
            } else {
                dropped += runLength[whole++];
            }
        }
        runs -= whole;
        System.arraycopy(runLength, whole, runLength, 0, runs);
        System.arraycopy(runWireStart, whole, runWireStart, 0, runs);
        System.arraycopy(runWireEnd, whole, runWireEnd, 0, runs);
        length -= dropped;
        System.arraycopy(bytes, dropped, bytes, 0, length);
    }

    /** Run {@code i} holds bytes sent as they are, one wire byte each; otherwise an escape's output. */
    private boolean verbatim(int i) {
        return runWireEnd[i] - runWireStart[i] == runLength[i];
    }
}
