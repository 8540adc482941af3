package dev.sluice.matchers.validate;

/**
 * {@code token_boundary}: no {@code [A-Za-z0-9_-]} byte directly before or after the candidate,
 * so a token pattern does not report a slice of a longer base64url or identifier run; and no
 * run of mask bytes after it ({@code xoxp-5723…-####…}, {@code ghp_ab12…****}, bullets): the
 * candidate is then the part a sanitiser left visible. Markdown emphasis around a token
 * ({@code **ghp_…**}) opens with the same run and is not a mask.
 */
final class TokenBoundaryValidator implements ByteValidator {
    static final TokenBoundaryValidator INSTANCE = new TokenBoundaryValidator();

    private TokenBoundaryValidator() {}

    @Override
    public boolean test(CandidateView c) {
        return !Ascii.isB64Url(c.before(1)) && !Ascii.isB64Url(c.after(1)) && !maskedAfter(c);
    }

    private static boolean maskedAfter(CandidateView c) {
        int a = c.after(1);
        if (a == 0xE2) {
            return c.after(2) == 0x80 && c.after(3) == 0xA2; // U+2022 BULLET
        }
        return (a == '*' || a == '#') && c.after(2) == a && c.before(1) != a;
    }
}
