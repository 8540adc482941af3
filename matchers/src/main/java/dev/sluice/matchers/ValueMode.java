package dev.sluice.matchers;

/** What a detector reports: the span its pattern matched, the whole value, or a delimited block. */
public enum ValueMode {
    /** The candidate is what a pattern matched (card numbers, tokens). */
    PATTERN,
    /**
     * The candidate is the whole value: a field stored under a matching key (passwords,
     * generic API keys) or a value in which a trigger pattern fired (attack signatures).
     */
    WHOLE,
    /** From a {@code begin} pattern to the next {@code end} pattern (PEM private keys). */
    BLOCK
}
