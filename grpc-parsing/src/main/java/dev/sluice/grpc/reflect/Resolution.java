package dev.sluice.grpc.reflect;

import dev.sluice.grpc.descriptor.MethodTypes;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one {@link ReflectionResolver#lookup} call: the method's types, or why there are
 * none. The detail names symbols, files and status codes only, never message contents, so it is
 * safe to log.
 */
public final class Resolution {

    private final LookupOutcome outcome;
    private final String detail;
    private final MethodTypes types;

    private Resolution(LookupOutcome outcome, String detail, MethodTypes types) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.types = types;
    }

    static Resolution resolved(MethodTypes types) {
        return new Resolution(LookupOutcome.RESOLVED, "resolved", Objects.requireNonNull(types, "types"));
    }

    static Resolution failed(LookupOutcome outcome, String detail) {
        if (outcome == LookupOutcome.RESOLVED) {
            throw new IllegalArgumentException("a failed resolution needs a failure outcome");
        }
        return new Resolution(outcome, detail, null);
    }

    public LookupOutcome outcome() {
        return outcome;
    }

    /** A short, log-safe explanation (symbol names, file names, status codes). */
    public String detail() {
        return detail;
    }

    public Optional<MethodTypes> types() {
        return Optional.ofNullable(types);
    }

    public boolean resolved() {
        return types != null;
    }

    @Override
    public String toString() {
        return "Resolution[" + outcome + ": " + detail + "]";
    }
}
