package dev.sluice.matchers.validate;

/**
 * {@code not_placeholder}: passes when the candidate is <em>not</em> a placeholder or mask as
 * {@link Placeholders} defines them ({@code ********}, {@code [REDACTED]}, {@code ${DB_PASS}},
 * {@code YOUR_API_KEY}, vendor documentation examples, ...). TAXONOMY.md: "Placeholders and
 * masks are never findings".
 */
final class PlaceholderValidator implements ByteValidator {
    static final PlaceholderValidator INSTANCE = new PlaceholderValidator();

    private PlaceholderValidator() {}

    @Override
    public boolean test(CandidateView c) {
        return !Placeholders.is(c.buf(), c.off(), c.len());
    }
}
