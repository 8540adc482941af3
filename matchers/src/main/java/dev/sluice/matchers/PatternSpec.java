package dev.sluice.matchers;

import java.util.Objects;

/**
 * One Hyperscan expression of a detector.
 *
 * @param regex          Hyperscan (PCRE subset) syntax, matched on decoded value bytes
 * @param caseless       compile with {@code HS_FLAG_CASELESS}
 * @param needsContext   a match counts only under a context key or near a context keyword
 * @param role           what a match means for the detector
 * @param trim           which delimiter bytes the regex includes (a stand-in for look-around,
 *                       which Hyperscan lacks) and the candidate drops
 * @param start          how the session finds a match's start from its end, or null to let
 *                       Hyperscan track it (slow for a pattern that opens with a repeated class)
 */
public record PatternSpec(String regex, boolean caseless, boolean needsContext, Role role, Trim trim,
                          StartWalk start) {

    /** Delimiter bytes a regex includes around its match. */
    public enum Trim {
        /** None: the match is the candidate. */
        NONE(0, 0),
        /** One byte at each end. */
        BOTH(1, 1),
        /**
         * One byte after the end: an expression that ends in an open repeat ({@code [A-Za-z0-9]{20,}})
         * is reported once, at the byte that closes it, instead of at every byte of the repeat.
         */
        END(0, 1),
        /**
         * Two bytes after the end: a close of two bytes where one would also continue the match
         * ({@code ": "} after an IPv6 address, where a colon alone goes on to another group).
         */
        END_TWO(0, 2);

        private final int before;
        private final int after;

        Trim(int before, int after) {
            this.before = before;
            this.after = after;
        }

        /** Delimiter bytes the match holds before its candidate. */
        public int before() {
            return before;
        }

        /** Delimiter bytes the match holds after its candidate. */
        public int after() {
            return after;
        }

        /** Delimiter bytes the match holds beyond its candidate. */
        public int bytes() {
            return before + after;
        }
    }

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
        Objects.requireNonNull(trim, "trim");
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("empty regex");
        }
    }

    public PatternSpec(String regex, boolean caseless, boolean needsContext, Role role, Trim trim) {
        this(regex, caseless, needsContext, role, trim, null);
    }
}
