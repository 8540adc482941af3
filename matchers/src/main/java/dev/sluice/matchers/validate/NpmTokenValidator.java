package dev.sluice.matchers.validate;

/**
 * {@code npm_checksum}: an npm access token, {@code npm_} and 36 alphanumerics whose last six
 * are the {@link TokenChecksum} of the first 30 (the scheme GitHub introduced, which npm
 * shares). Variable names such as {@code npm_config_cache} fail the shape, look-alikes fail the
 * checksum. Boundary: no letter or digit on either side.
 */
final class NpmTokenValidator implements ByteValidator {
    static final NpmTokenValidator INSTANCE = new NpmTokenValidator();

    private static final byte[] PREFIX = Ascii.bytes("npm_");

    private NpmTokenValidator() {}

    @Override
    public boolean test(CandidateView c) {
        if (c.len() != 40 || Ascii.isAlnum(c.before(1)) || Ascii.isAlnum(c.after(1))) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        return Ascii.startsWith(buf, off, 40, PREFIX) && TokenChecksum.alnum(buf, off + 4, 36)
                && TokenChecksum.bodyOk(buf, off + 4);
    }
}
