package dev.sluice.inspector.text;

import dev.sluice.matchers.ValueSink;

/**
 * A percent escape ({@code %XX}, RFC 3986 §2.1) read one byte at a time, so that it may be split
 * across chunks: {@link #start} at the {@code %}, then {@link #offer} each following byte until
 * it answers {@link Step#DECODED} or {@link Step#NOT_AN_ESCAPE}. Hex digits are case-insensitive;
 * anything else means the held {@code %} or {@code %X} was not an escape and stands as it is,
 * as the WHATWG URL Standard says. At most two wire bytes are held.
 *
 * <p>Public because the form parser ({@code dev.sluice.inspector.form}) shares it with the text
 * parser; not an API for use outside the inspector. Not thread-safe; one per parser.
 */
public final class PercentEscape {

    /** What {@link #offer} made of a byte. */
    public enum Step {
        /** A first hex digit: held, one more byte is needed. */
        HELD,
        /** A second hex digit: {@link #decoded} is the escape's byte; nothing is held any more. */
        DECODED,
        /**
         * Not a hex digit: the held bytes ({@link #heldLength}) are plain bytes and the offered
         * one was not taken; the caller passes the held bytes on, {@link #clear}s and reads the
         * offered byte again.
         */
        NOT_AN_ESCAPE
    }

    /** {@code %} and the first digit, as they were on the wire. */
    private final byte[] held = {'%', 0};
    private final byte[] decoded = new byte[1];
    /** 0: no escape pending; 1: {@code %}; 2: {@code %X}. */
    private int heldLength;
    private long wireStart;

    /** A {@code %} at wire offset {@code wireStart} begins an escape. */
    public void start(long wireStart) {
        this.wireStart = wireStart;
        heldLength = 1;
    }

    /** Whether an escape is pending (a {@code %} or {@code %X} was read). */
    public boolean pending() {
        return heldLength > 0;
    }

    /** Takes the byte after a pending {@code %} or {@code %X}. */
    public Step offer(byte b) {
        int h = hexValue(b);
        if (h < 0) {
            return Step.NOT_AN_ESCAPE;
        }
        if (heldLength == 1) {
            held[1] = b;
            heldLength = 2;
            return Step.HELD;
        }
        decoded[0] = (byte) (hexValue(held[1]) << 4 | h);
        heldLength = 0;
        return Step.DECODED;
    }

    /** The byte of the escape just {@link Step#DECODED}. */
    public byte decoded() {
        return decoded[0];
    }

    /** Passes the escape just {@link Step#DECODED} on as one byte over its three wire bytes. */
    public void emitDecoded(ValueSink sink) {
        sink.escaped(decoded, 0, 1, wireStart, wireStart + 3);
    }

    /** How many bytes are held: 1 ({@code %}) or 2 ({@code %X}); 0 when none is pending. */
    public int heldLength() {
        return heldLength;
    }

    /** Held byte {@code i} as it was on the wire ({@code 0}: the {@code %}). */
    public byte heldByte(int i) {
        return held[i];
    }

    /** Passes the held bytes on verbatim (they were not an escape) and clears them. */
    public void emitHeld(ValueSink sink) {
        sink.verbatim(held, 0, heldLength, wireStart);
        heldLength = 0;
    }

    /** Forgets the held bytes. */
    public void clear() {
        heldLength = 0;
    }

    /** The value of an ASCII hex digit, or -1 when {@code b} is not one. */
    public static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
