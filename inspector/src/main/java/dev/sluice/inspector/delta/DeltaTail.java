package dev.sluice.inspector.delta;

import dev.sluice.matchers.ValueSink;
import java.util.Arrays;

/**
 * One delta channel of an event stream: the last decoded bytes of the text its values have sent
 * so far, each run with the wire span it came from, to be replayed before the channel's next
 * value ({@link ValueSink#context}); and a hash of its last value, so a field under a
 * {@code delta} object that repeats one value in every event ({@code $.delta.type}) is not joined
 * to itself.
 *
 * <p>The replay is the last {@value #BASE} bytes, or more while a match longer than that may
 * still be growing: back to the start of the text's last word, a run of the bytes tokens are
 * written in (a long JWT or API key streamed a few bytes per event), or to the start of an
 * armored block begun and not yet ended ({@code -----BEGIN … PRIVATE KEY-----}, RFC 7468 and
 * OpenPGP armor, whose lines are separated by newlines), at most {@value #HOLD} bytes. A longer
 * open part is given up: what remains of it is replayed like any text, {@value #BASE} bytes.
 */
final class DeltaTail {
    /**
     * Bytes always replayed: a match up to this long with its context keyword (cards, keys with
     * their names, addresses) is found whole however the stream cut it.
     */
    static final int BASE = 256;
    /** Most bytes kept for a run or block still open. */
    static final int HOLD = 8192;
    /** Most runs kept: a stream of one-byte pieces gives up an open part beyond this many. */
    static final int MAX_RUNS = 2048;
    private static final byte[] ARMOR_BEGIN = "-----BEGIN ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ARMOR_END = "-----END ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DASHES = "-----".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int NONE = -1;
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
    private byte[] bytes = new byte[2 * BASE];
    private int length;
    private int[] runLength = new int[8];
    private long[] runWireStart = new long[8];
    private long[] runWireEnd = new long[8];
    private int runs;
    /** Where the last word begins, or {@link #NONE} once it outgrew what is kept. */
    private int wordFrom;
    /** Where an armored block begun and not ended begins, or {@link #NONE}. */
    private int armorFrom = NONE;
    /** Where the label of an open block's end line begins: the block is open until its dashes close it. */
    private int armorLabel = NONE;

    private boolean mayHoldOpenPart = true;
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
     * How many bytes the next value should have replayed before it: none before the first value
     * or while the channel only repeats itself, else {@value #BASE} or the open part, whichever
     * is longer, within what is kept.
     */
    int wanted() {
        if (!seen || repeats && !streamsText) {
            return 0;
        }
        return Math.min(length, Math.max(BASE, length - openFrom()));
    }

    /**
     * Replays the last {@code max} bytes of the tail, at most, into the value {@code next} has
     * just begun, with wire offsets {@code origin} less than those kept (where its body begins in
     * the sequence of bodies). A verbatim run is cut to fit, an escape is left out whole.
     */
    void replayInto(ValueSink next, int max, long origin) {
        if (!seen || max <= 0) {
            return;
        }
        int skip = Math.max(0, length - max);
        int at = 0;
        for (int i = 0; i < runs; i++) {
            int n = runLength[i];
            int cut = Math.min(n, Math.max(0, skip - at));
            if (cut == 0) {
                next.context(bytes, at, n, runWireStart[i] - origin, runWireEnd[i] - origin);
            } else if (cut < n && verbatim(i)) {
                next.context(bytes, at + cut, n - cut, runWireStart[i] + cut - origin, runWireEnd[i] - origin);
            }
            at += n;
        }
    }

    /** A copy in this state, that changes apart from it. */
    DeltaTail copy() {
        DeltaTail c = new DeltaTail(path, streamsText);
        c.lastUse = lastUse;
        // What is in use, not the capacity: a tail of one-byte pieces has grown its run arrays.
        c.bytes = Arrays.copyOf(bytes, Math.max(length, 2 * BASE));
        c.length = length;
        int capacity = Math.max(runs, 8);
        c.runLength = Arrays.copyOf(runLength, capacity);
        c.runWireStart = Arrays.copyOf(runWireStart, capacity);
        c.runWireEnd = Arrays.copyOf(runWireEnd, capacity);
        c.runs = runs;
        c.wordFrom = wordFrom;
        c.armorFrom = armorFrom;
        c.armorLabel = armorLabel;
        c.mayHoldOpenPart = mayHoldOpenPart;
        c.seen = seen;
        c.repeats = repeats;
        c.previousHash = previousHash;
        c.previousLength = previousLength;
        c.hash = hash;
        c.valueLength = valueLength;
        return c;
    }

    /**
     * Where the piece holding the last {@code n} bytes' first byte begins on the wire (that
     * run's start, so a hold never splits a piece or an escape); {@code Long.MAX_VALUE} when the
     * tail is empty.
     */
    long wireStartOfLast(int n) {
        int at = length;
        for (int i = runs - 1; i >= 0; i--) {
            at -= runLength[i];
            if (at <= length - n || i == 0) {
                return runWireStart[i];
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * A value of the channel begins; unless {@code mayHoldOpenPart}, the channel keeps no more
     * than the base tail and a buffer's worth, an open part or not.
     */
    void begin(boolean mayHoldOpenPart) {
        hash = FNV_OFFSET;
        valueLength = 0;
        this.mayHoldOpenPart = mayHoldOpenPart;
    }

    /** Whether the tail keeps more than the base and a buffer's worth, for an open word or block. */
    boolean holdsOpenPart() {
        return length > 2 * BASE;
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
        if (len > HOLD) {
            if (!asSent) {
                return; // no escape decodes to this much
            }
            int cut = len - HOLD;
            off += cut;
            wireStart += cut;
            len = HOLD;
        }
        boolean merges = asSent && runs > 0 && runWireEnd[runs - 1] == wireStart && verbatim(runs - 1);
        dropFront(Math.max(length + len - HOLD, merges || runs < MAX_RUNS ? 0 : runLength[0]));
        if (bytes.length < length + len) {
            bytes = Arrays.copyOf(bytes, Math.min(HOLD, Math.max(2 * bytes.length, length + len)));
        }
        System.arraycopy(buf, off, bytes, length, len);
        int from = length;
        length += len;
        markOpenParts(from);
        if (merges) {
            runLength[runs - 1] += len;
            runWireEnd[runs - 1] = wireEnd;
        } else {
            appendRun(len, wireStart, wireEnd);
        }
        // Keep what the next replay may want, and let the rest go a buffer's worth at a time.
        int keep = mayHoldOpenPart ? Math.max(BASE, length - openFrom()) : BASE;
        if (length - keep > BASE) {
            dropFront(length - keep);
        }
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

    /** The start of the part a match may still be growing in: the last word, an open block; else the end. */
    private int openFrom() {
        int from = wordFrom == NONE ? length : wordFrom;
        return armorFrom == NONE ? from : Math.min(from, armorFrom);
    }

    /** Follows word breaks and armor lines through the bytes appended from {@code from}. */
    private void markOpenParts(int from) {
        for (int i = from; i < length; i++) {
            byte b = bytes[i];
            if (!tokenByte(b)) {
                wordFrom = i + 1;
            }
        }
        // A marker may have begun in bytes kept before: look back a marker's length.
        for (int i = Math.max(0, from - ARMOR_BEGIN.length + 1); i < length; i++) {
            byte b = bytes[i];
            if (armorLabel != NONE && i >= armorLabel && (b == '\n' || at(i, DASHES))) {
                armorFrom = NONE; // the end line is whole: the block is in what was sent
                armorLabel = NONE;
            } else if (b != '-') {
                continue;
            }
            if (at(i, ARMOR_BEGIN)) {
                armorFrom = i;
                armorLabel = NONE;
            } else if (armorFrom != NONE && i > armorFrom && at(i, ARMOR_END)) {
                armorLabel = i + ARMOR_END.length;
            }
        }
    }

    /**
     * A byte a key or token is written in: printable ASCII but for quotes and brackets, so text
     * in a script without spaces, or JSON streamed as text, is no long word.
     */
    private static boolean tokenByte(byte b) {
        return b > ' ' && b < 0x7F && b != '"' && b != '\'' && b != '`' && b != '<' && b != '>' && b != '('
                && b != ')' && b != '[' && b != ']' && b != '{' && b != '}' && b != ',' && b != ';';
    }

    private boolean at(int i, byte[] marker) {
        return i + marker.length <= length && Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length);
    }

    private void appendRun(int len, long wireStart, long wireEnd) {
        if (runs == runLength.length) {
            runLength = Arrays.copyOf(runLength, runs * 2);
            runWireStart = Arrays.copyOf(runWireStart, runs * 2);
            runWireEnd = Arrays.copyOf(runWireEnd, runs * 2);
        }
        runLength[runs] = len;
        runWireStart[runs] = wireStart;
        runWireEnd[runs] = wireEnd;
        runs++;
    }

    /**
     * Forgets at least {@code n} bytes from the front: a verbatim run may be cut, an escape goes
     * whole. An open part that loses its start is given up.
     */
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
        wordFrom = wordFrom == NONE || wordFrom < dropped ? NONE : wordFrom - dropped;
        armorFrom = armorFrom == NONE || armorFrom < dropped ? NONE : armorFrom - dropped;
        armorLabel = armorFrom == NONE || armorLabel == NONE ? NONE : armorLabel - dropped;
    }

    /** Run {@code i} holds bytes sent as they are, one wire byte each; otherwise an escape's output. */
    private boolean verbatim(int i) {
        return runWireEnd[i] - runWireStart[i] == runLength[i];
    }
}
