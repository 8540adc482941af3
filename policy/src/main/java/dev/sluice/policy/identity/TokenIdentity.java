package dev.sluice.policy.identity;

import dev.sluice.matchers.Labels;
import java.util.Objects;

/**
 * Who a token belongs to, without the token: a JWT claim ({@code sub=alice}) or a keyed hash
 * of an opaque token ({@code h:3f9a0c1d2b4e5f60}). Used for events and per-token budgets,
 * never for metric labels. Holds nothing secret, so {@code toString} may print it.
 */
public record TokenIdentity(Kind kind, String value) {
    /** The exchange carried no token. */
    public static final TokenIdentity NONE = new TokenIdentity(Kind.NONE, "");

    public enum Kind {
        NONE,
        /** Claims of a JWT, decoded but not verified: attribution, not authentication. */
        JWT_CLAIM,
        /** {@code h:} + 16 hex digits of HMAC-SHA256 over the token. */
        KEYED_HASH;

        /** Computed once: labels go into every event and metric. */
        private final String label = Labels.of(this);

        public String label() {
            return label;
        }
    }

    public TokenIdentity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public boolean isPresent() {
        return kind != Kind.NONE;
    }

    @Override
    public String toString() {
        return kind == Kind.NONE ? "TokenIdentity[none]" : "TokenIdentity[" + kind.label() + " " + value + "]";
    }
}
