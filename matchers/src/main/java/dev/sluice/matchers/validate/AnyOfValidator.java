package dev.sluice.matchers.validate;

/**
 * {@code a|b|...}: passes when any of its alternatives passes, for detectors whose pattern
 * finds more than one shape ({@code ipv4|ipv6} for {@code ip_address}). Alternatives are
 * resolved by {@link Validators} when the detector is built; each call tries them in order.
 */
final class AnyOfValidator implements ByteValidator {
    private final ByteValidator[] alternatives;

    /** Takes ownership of {@code alternatives} (at least one, none null). */
    AnyOfValidator(ByteValidator[] alternatives) {
        this.alternatives = alternatives;
    }

    @Override
    public boolean test(CandidateView c) {
        for (ByteValidator v : alternatives) {
            if (v.test(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "AnyOfValidator[" + alternatives.length + "]";
    }
}
