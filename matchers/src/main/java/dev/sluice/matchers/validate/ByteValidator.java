package dev.sluice.matchers.validate;

/**
 * Decides whether a candidate found by a pattern really is what its detector claims. Runs in
 * Java on candidates only, never on whole bodies, so it may be thorough (checksums, decoding)
 * but must not allocate per call on the common path and must never throw on any input.
 *
 * <p>Implementations are stateless and thread-safe; one instance serves every session.
 */
@FunctionalInterface
public interface ByteValidator {

    /** Returns true when the candidate passes this check. */
    boolean test(CandidateView candidate);

    /** A validator that passes when this one and {@code next} both pass. */
    default ByteValidator and(ByteValidator next) {
        ByteValidator self = this;
        return c -> self.test(c) && next.test(c);
    }
}
