package dev.sluice.policy.mask;

import dev.sluice.matchers.Labels;

/** The redaction styles a policy can name. */
public enum MaskStyle {
    /** {@code **** **** **** 1111}: letters and digits masked but the last four; separators kept. */
    KEEP_LAST_4,
    /** A fixed text, by default {@code [REDACTED:<detector id>]}. */
    FIXED,
    /** {@code h:} and 16 hex digits of HMAC-SHA256 over the value: the same value gives the same text. */
    KEYED_HASH;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    /** The name used in policy files: {@code keep_last_4}, {@code fixed}, {@code keyed_hash}. */
    public String label() {
        return label;
    }

    /** The style with this label, or null. */
    public static MaskStyle fromLabel(String label) {
        return Labels.find(values(), label);
    }
}
