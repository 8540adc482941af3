package dev.sluice.matchers.validate;

/**
 * {@code github_checksum}: a GitHub token in the 2021 format. Classic tokens
 * ({@code ghp_} personal, {@code gho_} OAuth, {@code ghu_} user-to-server, {@code ghs_}
 * server-to-server, {@code ghr_} refresh) are the prefix and 36 alphanumerics whose last six
 * are the {@link TokenChecksum} of the first 30, which turns a look-alike
 * ({@code ghp_XXXX...}, hand-typed examples) into a miss. Fine-grained tokens
 * ({@code github_pat_} + 22 alphanumerics + {@code _} + 59 alphanumerics) have no public
 * checksum and are checked for shape only. Boundary: no letter or digit on either side.
 */
final class GithubTokenValidator implements ByteValidator {
    static final GithubTokenValidator INSTANCE = new GithubTokenValidator();

    private static final byte[] FINE_GRAINED = Ascii.bytes("github_pat_");
    private static final int CLASSIC_LEN = 4 + 36;
    private static final int FINE_GRAINED_LEN = 11 + 22 + 1 + 59;

    private GithubTokenValidator() {}

    @Override
    public boolean test(CandidateView c) {
        if (Ascii.isAlnum(c.before(1)) || Ascii.isAlnum(c.after(1))) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        int len = c.len();
        if (len == CLASSIC_LEN) {
            int kind = buf[off + 2];
            return buf[off] == 'g' && buf[off + 1] == 'h' && buf[off + 3] == '_'
                    && (kind == 'p' || kind == 'o' || kind == 'u' || kind == 's' || kind == 'r')
                    && TokenChecksum.alnum(buf, off + 4, 36) && TokenChecksum.bodyOk(buf, off + 4);
        }
        if (len == FINE_GRAINED_LEN) {
            return Ascii.startsWith(buf, off, len, FINE_GRAINED)
                    && TokenChecksum.alnum(buf, off + 11, 22) && buf[off + 33] == '_'
                    && TokenChecksum.alnum(buf, off + 34, 59);
        }
        return false;
    }
}
