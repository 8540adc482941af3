package dev.sluice.matchers.validate;

/**
 * {@code token_boundary}: no {@code [A-Za-z0-9_-]} byte directly before or after the candidate,
 * so a token pattern does not report a slice of a longer base64url or identifier run.
 */
final class TokenBoundaryValidator implements ByteValidator {
    static final TokenBoundaryValidator INSTANCE = new TokenBoundaryValidator();

    private TokenBoundaryValidator() {}

    @Override
    public boolean test(CandidateView c) {
        return !Ascii.isB64Url(c.before(1)) && !Ascii.isB64Url(c.after(1));
    }
}
