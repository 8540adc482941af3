package dev.sluice.policy;

/** What happens to one body as a whole. */
public enum Verdict {
    /** Forward it (with any redactions applied). */
    ALLOW,
    /** Refuse it: 403 before the response has started, a stream reset after. */
    BLOCK
}
