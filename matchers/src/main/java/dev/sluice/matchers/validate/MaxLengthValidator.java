package dev.sluice.matchers.validate;

/** {@code max_length:n}: the candidate is at most {@code n} bytes long. */
final class MaxLengthValidator implements ByteValidator {
    private final int max;

    MaxLengthValidator(int max) {
        this.max = max;
    }

    @Override
    public boolean test(CandidateView c) {
        return c.len() <= max;
    }

    @Override
    public String toString() {
        return "max_length:" + max;
    }
}
