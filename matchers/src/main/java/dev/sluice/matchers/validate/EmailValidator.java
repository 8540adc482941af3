package dev.sluice.matchers.validate;

/**
 * {@code email}: a mailbox address {@code local@domain.tld} as people write it (the common
 * subset of RFC 5322 3.4.1 addr-spec: no quoted local parts, no address literals).
 *
 * <p>Local part {@code [A-Za-z0-9._%+'-]}, at most 64 bytes, no leading, trailing or doubled
 * dot (RFC 5322 dot-atom). Domain: at least two labels of {@code [A-Za-z0-9-]}, none starting
 * or ending with {@code -} (RFC 1035 2.3.1), at most 253 bytes, the last label a real top-level
 * domain ({@link TopLevelDomains}, the Public Suffix List; also an internationalised one in its
 * ASCII form, {@code xn--p1ai}): {@code logger@module.handler} and {@code admin@db.cluster} are
 * not mailboxes. A "TLD" that is really a file extension ({@code icon@2x.png}, also where one
 * is delegated, {@code .zip}, {@code .md}) or a number ({@code lodash@4.17.21}) is not one
 * either. Reserved and special-use names identify no one and are rejected: {@code example.com/.net/.org} and {@code .example}, {@code .test},
 * {@code .invalid}, {@code .localhost} (RFC 2606 / RFC 6761), {@code .local} (RFC 6762),
 * {@code .home.arpa} (RFC 8375), {@code .internal}, {@code .lan}, {@code .corp}, {@code .home}.
 *
 * <p>Userinfo in a URL authority ({@code https://key@o1.ingest.sentry.io/2},
 * {@code scheme://user:pw@host}) is not an email: looking back from the local part up to 64
 * bytes, stopping at whitespace, a quote, {@code <}, {@code >} or {@code ,}, a {@code ://}
 * rejects; a {@code /}, {@code ?} or {@code #} on the way ends the authority first, so an
 * address in a URL's path or query stays one. Boundary: no local-part byte directly before (quotes excepted, they delimit), and
 * no domain byte, nor a dot followed by one, directly after. An scp-style git or ssh remote
 * ({@code git@github.com:org/repo.git}) is a login on a host, not a mailbox.
 */
final class EmailValidator implements ByteValidator {
    static final EmailValidator INSTANCE = new EmailValidator();

    private static final int MAX_LEN = 64 + 1 + 253;
    private static final int LOOK_BEHIND = 64;

    private static final byte[][] FILE_EXTENSIONS = Ascii.words("png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js",
            "mjs", "css", "json", "html", "htm", "txt", "xml", "pdf", "zip", "gz", "tgz", "md", "map", "woff", "woff2",
            "ttf", "yaml", "yml", "lock");

    /** Reserved names matched as the whole domain or a suffix after a dot. */
    private static final byte[][] RESERVED = Ascii.words("example.com", "example.net", "example.org", "example", "test",
            "invalid", "localhost", "local", "internal", "lan", "home.arpa", "corp", "home");

    private EmailValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 6 || len > MAX_LEN) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        int at = -1;
        for (int i = 0; i < len; i++) {
            if (buf[off + i] == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            }
        }
        if (at < 1 || at > 64 || !localOk(buf, off, at)) {
            return false;
        }
        int domOff = off + at + 1;
        int domLen = len - at - 1;
        return domainOk(buf, domOff, domLen) && boundaryOk(c) && !inUrlAuthority(c);
    }

    private static boolean localOk(byte[] buf, int off, int n) {
        int prev = -1;
        for (int i = 0; i < n; i++) {
            int b = buf[off + i] & 0xFF;
            if (!isLocalByte(b) || (b == '.' && (i == 0 || i == n - 1 || prev == '.'))) {
                return false;
            }
            prev = b;
        }
        return true;
    }

    private static boolean isLocalByte(int b) {
        return Ascii.isAlnum(b) || b == '.' || b == '_' || b == '%' || b == '+' || b == '\'' || b == '-';
    }

    /** Labels, TLD, file-extension and reserved-name rules. */
    private static boolean domainOk(byte[] buf, int off, int n) {
        if (n < 4 || n > 253) {
            return false;
        }
        int labelStart = 0;
        int labels = 0;
        for (int i = 0; i <= n; i++) {
            int b = i < n ? buf[off + i] & 0xFF : '.';
            if (b == '.') {
                int ll = i - labelStart;
                if (ll == 0 || ll > 63 || buf[off + labelStart] == '-' || buf[off + i - 1] == '-') {
                    return false;
                }
                labels++;
                labelStart = i + 1;
            } else if (!Ascii.isAlnum(b) && b != '-') {
                return false;
            }
        }
        int lastDot = n - 1;
        while (buf[off + lastDot] != '.') {
            lastDot--; // labels >= 2 is checked next, but the loop needs a dot to stop on
            if (lastDot < 0) {
                return false;
            }
        }
        int tldOff = off + lastDot + 1;
        int tldLen = n - lastDot - 1;
        if (labels < 2 || tldLen < 2) {
            return false;
        }
        if (!tldOk(buf, tldOff, tldLen)) {
            return false;
        }
        for (byte[] ext : FILE_EXTENSIONS) {
            if (Ascii.equalsIgnoreCase(buf, tldOff, tldLen, ext)) {
                return false;
            }
        }
        return !reserved(buf, off, n);
    }

    /**
     * A real top-level domain ({@link TopLevelDomains}: the Public Suffix List), also an
     * internationalised one in its ASCII form ({@code xn--p1ai}, RFC 3492); not a made-up label
     * ({@code logger@module.handler}, {@code admin@db.cluster}).
     */
    private static boolean tldOk(byte[] buf, int off, int n) {
        return TopLevelDomains.contains(buf, off, n);
    }

    private static boolean reserved(byte[] buf, int off, int n) {
        for (byte[] r : RESERVED) {
            int rl = r.length;
            if (n == rl && Ascii.equalsIgnoreCase(buf, off, n, r)) {
                return true;
            }
            if (n > rl && buf[off + n - rl - 1] == '.' && Ascii.regionMatchesIgnoreCase(buf, off + n - rl, r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean boundaryOk(CandidateView c) {
        int b = c.before(1);
        if (b != '\'' && b != '%' && isLocalByte(b)) {
            return false;
        }
        int a = c.after(1);
        if (Ascii.isAlnum(a) || a == '-' || a == '@') {
            return false;
        }
        if (a == ':' && remotePathFollows(c)) {
            return false;
        }
        return !(a == '.' && Ascii.isAlnum(c.after(2)));
    }

    /**
     * Whether the ':' after the candidate opens the path of an scp-style remote
     * ({@code git@github.com:org/repo.git}, {@code deploy@host:/srv/app}): a path that reaches
     * a '/' over file-name characters, or runs on over them past what a validator can see (8
     * bytes past a candidate in a stream, ScanSession.LOOKAHEAD:
     * {@code git@github.com:data-privacy-stack/…}). Prose puts a blank after a colon; an
     * address glued to a long word by one is a login and a path.
     */
    private static boolean remotePathFollows(CandidateView c) {
        for (int k = 2; k < 2 + REMOTE_PATH_LOOKAHEAD; k++) {
            int b = c.after(k);
            if (b == '/') {
                return true;
            }
            if (!(Ascii.isAlnum(b) || b == '~' || b == '.' || b == '_' || b == '-')) {
                return false;
            }
        }
        return true;
    }

    private static final int REMOTE_PATH_LOOKAHEAD = 7;

    /**
     * Looks back for "://" before a delimiter: the candidate is then a URL's userinfo. An
     * authority ends at the first {@code /}, {@code ?} or {@code #} (RFC 3986 §3.2), so an
     * address in a URL's path or query ({@code https://app/cb?email=jane@corp.io}) is a mailbox.
     */
    private static boolean inUrlAuthority(CandidateView c) {
        for (int k = 1; k <= LOOK_BEHIND; k++) {
            int b = c.before(k);
            if (b < 0 || Ascii.isSpace(b) || b == '"' || b == '\'' || b == '<' || b == '>' || b == ',') {
                return false;
            }
            if (b == '?' || b == '#') {
                return false; // a query or fragment: the authority ended before it
            }
            if (b == '/') {
                return c.before(k + 1) == '/' && c.before(k + 2) == ':'; // any other slash ends an authority
            }
        }
        return false;
    }
}
