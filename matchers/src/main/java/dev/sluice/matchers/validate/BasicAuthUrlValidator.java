package dev.sluice.matchers.validate;

/**
 * {@code basic_auth_url}: a URL carrying a password in its authority,
 * {@code scheme://user:password@host[:port]} (RFC 3986 3.2.1 userinfo, deprecated precisely
 * because it leaks), with nothing after the port: the candidate is that prefix of the URL.
 *
 * <ul>
 *   <li>scheme {@code [a-z][a-z0-9+.-]*} (RFC 3986 3.1), optionally after up to two such
 *       prefixes joined by {@code :} ({@code jdbc:mysql://}, {@code jdbc:postgresql://});</li>
 *   <li>user may be empty ({@code redis://:pw@host}) and holds no {@code : / @} or whitespace;</li>
 *   <li>password non-empty, up to the last {@code @} (one written raw, or percent-encoded and
 *       read decoded, belongs to it, as URL parsers read it), no {@code /} or whitespace, no
 *       {@code ,} once it holds an {@code @} (that is a list of hosts, {@code h1,u:p@h2}), and after percent-decoding not a
 *       placeholder ({@code password}, {@code ${DB_PASS}}, {@code <password>}, {@code ****}, see
 *       {@link Placeholders}). A URL without a password ({@code https://user@host}, Sentry DSNs
 *       {@code https://key@o1.ingest.sentry.io/2}) has nothing to leak;</li>
 *   <li>host {@code [A-Za-z0-9.-]+} or an IPv6 literal in brackets, then optionally
 *       {@code :} and 1-5 digits.</li>
 * </ul>
 * Boundary: no letter or digit before the scheme; after the candidate no host byte, no
 * {@code .} followed by one and no {@code :} followed by a digit (the authority goes on).
 */
final class BasicAuthUrlValidator implements ByteValidator {
    static final BasicAuthUrlValidator INSTANCE = new BasicAuthUrlValidator();

    private static final int MAX_LEN = 2048;
    private static final int MAX_PREFIXES = 2;

    private BasicAuthUrlValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 10 || len > MAX_LEN || !boundaryOk(c)) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        int i = 0;
        // scheme, possibly after "jdbc:"-style prefixes
        for (int seg = 0; ; seg++) {
            if (!Ascii.isLower(buf[off + i])) {
                return false;
            }
            i++;
            while (i < len && isSchemeByte(buf[off + i])) {
                i++;
            }
            if (i >= len || buf[off + i] != ':') {
                return false;
            }
            i++;
            if (i + 1 < len && buf[off + i] == '/' && buf[off + i + 1] == '/') {
                i += 2;
                break;
            }
            if (seg == MAX_PREFIXES || i >= len) {
                return false;
            }
        }
        // user
        while (i < len && buf[off + i] != ':') {
            int b = buf[off + i];
            if (b == '/' || b == '@' || Ascii.isSpace(b)) {
                return false;
            }
            i++;
        }
        if (i >= len) {
            return false; // no ':' in the userinfo: no password
        }
        i++;
        int pwStart = i;
        int at = -1;
        boolean comma = false;
        for (; i < len; i++) {
            int b = buf[off + i];
            if (b == '/' || Ascii.isSpace(b)) {
                return false;
            }
            if (b == '@') {
                at = i;
            }
            comma |= b == ',';
        }
        int pwLen = at - pwStart;
        if (at < 0 || pwLen <= 0 || comma && Ascii.indexOf(buf, off + pwStart, pwLen, '@') >= 0) {
            return false;
        }
        i = at + 1;
        if (!hostPortOk(buf, off + i, len - i)) {
            return false;
        }
        return !passwordIsPlaceholder(buf, off + pwStart, pwLen);
    }

    private static boolean isSchemeByte(int b) {
        return Ascii.isLower(b) || Ascii.isDigit(b) || b == '+' || b == '.' || b == '-';
    }

    private static boolean hostPortOk(byte[] buf, int off, int n) {
        int i = 0;
        if (n > 0 && buf[off] == '[') {
            i = 1;
            while (i < n && (Ascii.isHex(buf[off + i]) || buf[off + i] == ':' || buf[off + i] == '.')) {
                i++;
            }
            if (i < 3 || i >= n || buf[off + i] != ']') {
                return false;
            }
            i++;
        } else {
            while (i < n && (Ascii.isAlnum(buf[off + i]) || buf[off + i] == '.' || buf[off + i] == '-')) {
                i++;
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == n) {
            return true;
        }
        if (buf[off + i] != ':') {
            return false;
        }
        int digits = n - i - 1;
        return digits >= 1 && digits <= 5 && SsnValidator.digits(buf, off + i + 1, digits);
    }

    /** Percent-decodes into the thread's scratch buffer (RFC 3986 2.1) and asks {@link Placeholders}. */
    private static boolean passwordIsPlaceholder(byte[] buf, int off, int n) {
        if (n > Scratch.BYTES) {
            return Placeholders.is(buf, off, n);
        }
        byte[] out = Scratch.bytes();
        int k = 0;
        for (int i = 0; i < n; i++) {
            int b = buf[off + i];
            if (b == '%' && i + 2 < n) {
                int hi = Ascii.hexValue(buf[off + i + 1]);
                int lo = Ascii.hexValue(buf[off + i + 2]);
                if (hi >= 0 && lo >= 0) {
                    out[k++] = (byte) (hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            out[k++] = (byte) b;
        }
        return Placeholders.is(out, 0, k);
    }

    private static boolean boundaryOk(CandidateView c) {
        if (Ascii.isAlnum(c.before(1))) {
            return false;
        }
        int a1 = c.after(1);
        if (Ascii.isAlnum(a1) || a1 == '-' || a1 == '@' || a1 == '[') {
            return false;
        }
        int a2 = c.after(2);
        return !(a1 == '.' && Ascii.isAlnum(a2)) && !(a1 == ':' && Ascii.isDigit(a2));
    }
}
