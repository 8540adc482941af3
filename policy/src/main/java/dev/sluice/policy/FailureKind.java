package dev.sluice.policy;

import dev.sluice.matchers.Labels;

/** Why inspection of a body could not finish; each may fail open or closed separately. */
public enum FailureKind {
    /** A configured limit (size, depth, decompression, parts) was reached. */
    LIMIT,
    /** The body did not parse as its content type, or its encoding was corrupt. */
    PARSE_ERROR,
    /** Inspection took longer than allowed. */
    TIMEOUT;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    /** The key in a policy file: {@code limit}, {@code parse_error}, {@code timeout}. */
    public String label() {
        return label;
    }
}
