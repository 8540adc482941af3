package dev.sluice.matchers.validate;

/**
 * {@code word_boundary}: no ASCII letter or digit directly before or after the candidate, the
 * byte-level version of regex {@code \b} on both ends (Hyperscan reports matches inside longer
 * words too; this drops them).
 */
final class WordBoundaryValidator implements ByteValidator {
    static final WordBoundaryValidator INSTANCE = new WordBoundaryValidator();

    private WordBoundaryValidator() {}

    @Override
    public boolean test(CandidateView c) {
        return !Ascii.isAlnum(c.before(1)) && !Ascii.isAlnum(c.after(1));
    }
}
