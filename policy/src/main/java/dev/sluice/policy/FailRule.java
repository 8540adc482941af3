package dev.sluice.policy;

import java.util.Objects;

/**
 * Whether a route lets a body through ({@code open}) or refuses it ({@code closed}) when its
 * inspection cannot finish, per {@link FailureKind}. Findings made before the failure are still
 * decided as usual.
 */
public record FailRule(boolean closedOnLimit, boolean closedOnParseError, boolean closedOnTimeout) {
    public static final FailRule OPEN = new FailRule(false, false, false);
    public static final FailRule CLOSED = new FailRule(true, true, true);

    /** True when a body whose inspection stopped for {@code kind} must be blocked. */
    public boolean failsClosed(FailureKind kind) {
        Objects.requireNonNull(kind, "kind");
        return switch (kind) {
            case LIMIT -> closedOnLimit;
            case PARSE_ERROR -> closedOnParseError;
            case TIMEOUT -> closedOnTimeout;
        };
    }

    /** This rule with {@code kind} set to closed or open. */
    public FailRule with(FailureKind kind, boolean closed) {
        return new FailRule(kind == FailureKind.LIMIT ? closed : closedOnLimit,
                kind == FailureKind.PARSE_ERROR ? closed : closedOnParseError,
                kind == FailureKind.TIMEOUT ? closed : closedOnTimeout);
    }

    @Override
    public String toString() {
        return "FailRule[limit=" + word(closedOnLimit) + ", parse_error=" + word(closedOnParseError) + ", timeout="
                + word(closedOnTimeout) + "]";
    }

    private static String word(boolean closed) {
        return closed ? "closed" : "open";
    }
}
