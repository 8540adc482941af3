package dev.sluice.policy;

import dev.sluice.policy.mask.Mask;

/**
 * An instruction to the inspector: replace the value of the finding at {@code index} (in the
 * request's list) with {@code mask.apply(value bytes)}.
 */
public record Redaction(int index, PolicyFinding finding, Mask mask) {
    /** The replacement bytes for the value {@code value[off, off + len)}. */
    public byte[] replacement(byte[] value, int off, int len) {
        return mask.apply(value, off, len);
    }
}
