package dev.sluice.matchers;

import java.util.Objects;

/**
 * One Hyperscan expression of a detector.
 *
 * @param regex          Hyperscan (PCRE subset) syntax, matched on decoded value bytes
 * @param caseless       compile with {@code HS_FLAG_CASELESS}
 * @param needsContext   a match counts only under a context key or near a context keyword
 * @param role           what a match means for the detector
 * @param trim           the regex includes one delimiter byte at each end (a stand-in for
 *                       look-around, which Hyperscan lacks); the candidate drops them
 * @param start          how the session finds a match's start from its end, or null to let
 *                       Hyperscan track it (slow for a pattern that opens with a repeated class)
 */
public record PatternSpec(String regex, boolean caseless, boolean needsContext, Role role, boolean trim,
                          StartWalk start) {

    /** What a match of the pattern contributes. */
    public enum Role {
        /** A candidate span (PATTERN detectors) or a trigger (WHOLE detectors). */
        MATCH,
        /** Opens a block (BLOCK detectors). */
        BEGIN,
        /** Closes a block (BLOCK detectors). */
        END
    }

    public PatternSpec {
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(role, "role");
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("empty regex");
        }
    }

    public PatternSpec(String regex, boolean caseless, boolean needsContext, Role role, boolean trim) {
        this(regex, caseless, needsContext, role, trim, null);
    }
}
