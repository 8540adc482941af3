package dev.sluice.grpc.edit;

import java.util.Objects;

/**
 * One replacement inside one value of a message. Offsets are relative to the message's first
 * byte (for a walked message: the walker's {@code bodyOffset} minus the message's
 * {@code payloadOffset}).
 *
 * <p>{@code [valueStart, valueEnd)} must be a range the walker reported as one value: a field's
 * whole payload (a string, bytes, a too-deep message) or the raw rest of a malformed message. The
 * editor uses it to find the fields whose lengths change. {@code [from, to)} is the part of it
 * replaced by {@code replacement}: the whole value, or a sub-range (keep the last four digits of a
 * card, say).
 *
 * <p>{@link #toString()} shows offsets and lengths, never bytes.
 */
public final class ValueEdit {
    private final int valueStart;
    private final int valueEnd;
    private final int from;
    private final int to;
    private final byte[] replacement;

    private ValueEdit(int valueStart, int valueEnd, int from, int to, byte[] replacement) {
        Objects.requireNonNull(replacement, "replacement");
        if (valueStart < 0 || valueStart > from || from > to || to > valueEnd) {
            throw new IllegalArgumentException("need 0 <= valueStart <= from <= to <= valueEnd: " + valueStart
                    + ", " + from + ", " + to + ", " + valueEnd);
        }
        this.valueStart = valueStart;
        this.valueEnd = valueEnd;
        this.from = from;
        this.to = to;
        this.replacement = replacement.clone();
    }

    /** Replaces the whole value {@code [valueStart, valueEnd)}. */
    public static ValueEdit replaceValue(int valueStart, int valueEnd, byte[] replacement) {
        return new ValueEdit(valueStart, valueEnd, valueStart, valueEnd, replacement);
    }

    /** Replaces {@code [from, to)} inside the value {@code [valueStart, valueEnd)}. */
    public static ValueEdit replaceRange(int valueStart, int valueEnd, int from, int to, byte[] replacement) {
        return new ValueEdit(valueStart, valueEnd, from, to, replacement);
    }

    public int valueStart() {
        return valueStart;
    }

    public int valueEnd() {
        return valueEnd;
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    /** The replacement's length, without copying it. */
    public int replacementLength() {
        return replacement.length;
    }

    /** A copy of the replacement bytes. */
    public byte[] replacement() {
        return replacement.clone();
    }

    byte[] replacementUnsafe() {
        return replacement;
    }

    @Override
    public String toString() {
        return "ValueEdit[value=" + valueStart + ".." + valueEnd + ", replace=" + from + ".." + to
                + " with " + replacement.length + " bytes]";
    }
}
