package dev.sluice.matchers.validate;

/** {@code min_length:n}: the candidate is at least {@code n} bytes long. */
final class MinLengthValidator implements ByteValidator {
    private final int min;

    MinLengthValidator(int min) {
        this.min = min;
    }

    @Override
    public boolean test(CandidateView c) {
        return c.len() >= min;
    }

    @Override
    public String toString() {
        return "min_length:" + min;
    }
}
