package dev.sluice.matchers.validate;

/**
 * A candidate span of decoded bytes handed to a {@link ByteValidator}: the bytes themselves
 * (a view into a buffer the engine owns, valid only during the call) and a few bytes of
 * their surroundings for boundary checks.
 *
 * <p>The engine guarantees at least 8 bytes of look-ahead when the value goes on that far,
 * and up to 64 bytes of look-behind inside the same value. Bytes outside the value the
 * candidate sits in read as {@code -1}, so a validator can treat "start of value" and
 * "separator" alike.
 */
public interface CandidateView {

    /** The buffer holding the candidate; never modify it. */
    byte[] buf();

    /** Offset of the candidate's first byte in {@link #buf()}. */
    int off();

    /** Number of bytes in the candidate. */
    int len();

    /** The candidate byte at {@code i} (0-based) as an unsigned value. */
    default int at(int i) {
        return buf()[off() + i] & 0xFF;
    }

    /**
     * The {@code k}-th byte before the candidate ({@code k = 1} is the byte immediately
     * before), unsigned, or {@code -1} at the start of the value or beyond the look-behind.
     */
    int before(int k);

    /**
     * The {@code k}-th byte after the candidate ({@code k = 1} is the byte immediately
     * after), unsigned, or {@code -1} at the end of the value or beyond the look-ahead.
     */
    int after(int k);

    /**
     * The name the candidate's value was found under: a JSON member or form field name, a
     * protobuf field name, a {@code key=value} key in text; {@code null} when there is none
     * (a text body, an array element) or the caller does not know it.
     */
    default String key() {
        return null;
    }

    /**
     * The name one level up from {@link #key()}: the member holding the object the value sits
     * in; for a member name read as a value (which has no key), the member whose object it names
     * a member of. {@code null} when there is none or the caller does not know it.
     */
    default String parentKey() {
        return null;
    }
}
