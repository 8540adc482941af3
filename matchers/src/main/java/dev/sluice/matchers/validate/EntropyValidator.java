package dev.sluice.matchers.validate;

/**
 * {@code entropy[:bits]}: the candidate's Shannon entropy ({@link Entropy}) is at least the
 * configured bits per byte (default 3.0, the TAXONOMY threshold for generic secrets). Keeps
 * words, repeated patterns and short enumerations out of secret detectors.
 */
final class EntropyValidator implements ByteValidator {
    static final double DEFAULT_BITS = 3.0;

    private final double minBits;

    /** {@code minBits} in (0, 8]; the registry checks it. */
    EntropyValidator(double minBits) {
        this.minBits = minBits;
    }

    @Override
    public boolean test(CandidateView c) {
        return c.len() > 0 && Entropy.atLeast(c.buf(), c.off(), c.len(), minBits);
    }

    @Override
    public String toString() {
        return "entropy:" + minBits;
    }
}
