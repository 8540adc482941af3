package dev.sluice.matchers;

/**
 * Receives the decoded values of one body in wire order. Parsers turn their format into
 * these calls; the scan session behind it matches patterns across chunk boundaries and maps
 * every decoded byte back to the wire offset it came from.
 *
 * <p>Protocol: {@code beginValue}, then any number of {@code verbatim} / {@code escaped}
 * calls, then {@code endValue}; values never nest (a parser that finds a document inside a
 * value, such as JSON inside a JSON string, ends the outer value first or reports the inner
 * values instead). A value may span any number of input chunks.
 *
 * <p>Buffers are borrowed for the duration of the call only.
 */
public interface ValueSink {

    /** Starts a value; {@code field} is read during this call and may be reused afterwards. */
    void beginValue(FieldContext field);

    /**
     * Decoded bytes that appear on the wire unchanged, the first of them at {@code wireOffset}
     * (an offset into the body as sent, or into the decompressed body).
     */
    void verbatim(byte[] buf, int off, int len, long wireOffset);

    /**
     * Decoded bytes produced by one escape sequence ({@code \u0040}, {@code %40}, {@code &#64;})
     * that occupies {@code [wireStart, wireEnd)} on the wire.
     */
    void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd);

    /**
     * Decoded bytes that the current value continues from, replayed before its own bytes: the
     * last bytes of an earlier value that a stream cut the same text from (a language model's
     * previous token deltas), already inspected there. They occupy {@code [wireStart, wireEnd)}
     * on the wire ({@code wireEnd - wireStart == len} for bytes sent as they are), before this
     * value. A match may run from them into the value's own bytes; nothing found wholly inside
     * them is reported again. Called right after {@link #beginValue}, before any byte of the
     * value's own. Defaults to ignoring them: a sink that does not join values loses only the
     * matches that cross.
     */
    default void context(byte[] buf, int off, int len, long wireStart, long wireEnd) {
    }

    /** Ends the current value. */
    void endValue();

    /**
     * Whether a number of {@code length} bytes under {@code field} may be left out: the
     * receiver says nothing could be found in it (a scan session knows how short a number its
     * catalog can match). A parser that leaves it out makes no calls for it. Defaults to no.
     */
    default boolean skipsNumber(FieldContext field, int length) {
        return false;
    }
}
