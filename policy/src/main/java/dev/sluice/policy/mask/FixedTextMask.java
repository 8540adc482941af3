package dev.sluice.policy.mask;

import java.nio.charset.StandardCharsets;

/** Replaces a value with one fixed text, whatever the value: {@code [REDACTED:credit_card]}. */
final class FixedTextMask implements Mask {
    private final byte[] text;
    private final String shown;

    FixedTextMask(String text) {
        this.text = text.getBytes(StandardCharsets.US_ASCII);
        this.shown = text;
    }

    @Override
    public byte[] apply(byte[] value, int off, int len) {
        return text.clone();
    }

    @Override
    public MaskStyle style() {
        return MaskStyle.FIXED;
    }

    @Override
    public String toString() {
        return "Mask[fixed " + shown + "]";
    }
}
