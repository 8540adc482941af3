package dev.sluice.policy.mask;

/**
 * Turns a found value into the bytes that replace it. Replacements are printable ASCII
 * without {@code "} or {@code \}, so they can stand inside a JSON string, a form value or a
 * text line without escaping. (A JSON number replaced by a mask must be quoted by the caller.)
 */
public interface Mask {
    /** The replacement for {@code value[off, off + len)}; a new array, never the input. */
    byte[] apply(byte[] value, int off, int len);

    /** The replacement for all of {@code value}. */
    default byte[] apply(byte[] value) {
        return apply(value, 0, value.length);
    }

    MaskStyle style();
}
