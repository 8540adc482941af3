package dev.sluice.inspector.redact;

/**
 * Turns a found value (decoded bytes: JSON escapes and percent-escapes undone) into its
 * replacement. Replacements are printable ASCII without {@code "} or {@code \}; the rewriter
 * encodes them for where the value stands (quoted for a JSON number, percent-encoded in a form,
 * re-framed in protobuf).
 */
@FunctionalInterface
public interface ValueMask {
    /** The replacement for {@code value[off, off + len)}; a new array, never the input. */
    byte[] apply(byte[] value, int off, int len);
}
