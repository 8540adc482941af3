package dev.sluice.inspector.binary;

import java.math.BigInteger;

/**
 * One decoded item header: what the item is and its argument (a string's length, a container's
 * count, an integer's value). Mutable and reused: a format fills it for each header.
 */
final class ItemHeader {
    /** What an item is, as far as inspection cares. */
    enum Kind {
        /** A text string of {@code argument} bytes. */
        TEXT,
        /** A byte string (or MessagePack's bin) of {@code argument} bytes. */
        BYTES,
        /** A string written in definite chunks until a break (CBOR's indefinite length). */
        CHUNKED_STRING,
        /** An integer: {@code argument} read as unsigned, negated as {@link #negative} says. */
        INTEGER,
        /** A map of {@code argument} pairs, or -1 until a break. */
        MAP,
        /** An array of {@code argument} items, or -1 until a break. */
        ARRAY,
        /** An item with nothing to inspect (a float, null, a boolean) and {@code argument} payload bytes to skip. */
        OPAQUE,
        /** A prefix of the next item (a CBOR tag): not an item of its own. */
        TAG,
        /** The end of an indefinite container or string. */
        BREAK
    }

    Kind kind;
    long argument;
    /**
     * For an INTEGER: CBOR's negative integers are {@code -1 - argument}; MessagePack's signed
     * ones are {@code argument} as a signed long.
     */
    Negative negative = Negative.NONE;

    enum Negative { NONE, MINUS_ONE_MINUS, SIGNED }

    ItemHeader set(Kind k, long arg) {
        kind = k;
        argument = arg;
        negative = Negative.NONE;
        return this;
    }

    /** The decimal digits of an INTEGER, with its sign. */
    String decimal() {
        return switch (negative) {
            case NONE -> Long.toUnsignedString(argument);
            case SIGNED -> Long.toString(argument);
            case MINUS_ONE_MINUS -> argument >= 0 && argument < Long.MAX_VALUE
                    ? Long.toString(-1 - argument)
                    : new BigInteger(Long.toUnsignedString(argument)).add(BigInteger.ONE).negate().toString();
        };
    }
}
