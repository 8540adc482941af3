package dev.sluice.matchers.validate;

/**
 * Recognises a value that is code naming where a secret comes from, not the secret: a call
 * ({@code DefaultAzureCredential()}, {@code os.getenv("DB_PASSWORD")},
 * {@code baseline.create('.')}), an Azure Resource Manager expression
 * ({@code [parameters('dockerRegistryPassword')]}) or an environment lookup
 * ({@code os.environ/OPENAI_API_KEY}, {@code process.env.API_KEY}). Configuration dumps,
 * notebooks, documentation pages and stack traces write these after a secret-like name.
 *
 * <p>A call is a name (letters, digits, {@code _ . $}, opening with no digit) directly followed
 * by {@code (} and ending in a parenthesis: nothing more or arguments cut at their next
 * parenthesis (a {@code key=value} capture stops there), or arguments up to a closing
 * {@code )}. A generated password that holds a parenthesis ({@code Xk9(pQ2!}) does not end in
 * one, so it is still a value. Shell command substitution ({@code $(cat /run/secrets/pw)},
 * {@code $$(…)} in Compose files, backquotes) and a secret file's absolute path of two or more
 * segments ({@code /run/secrets/db-password}) name a source too.
 */
final class CodeReference {
    private static final byte[][] LOOKUPS = Ascii.words("os.environ", "process.env.", "$(", "$$(", "`");

    /** Longest path segment: file and directory names are short; a base64 key is one long run. */
    private static final int MAX_SEGMENT = 24;

    /** The shortest path segment that may read as random bytes; shorter mixed names abound ({@code Dockerfile2}). */
    private static final int RANDOM_SEGMENT = 12;

    /** The bytes a lookup or a path opens with: anything else can only be a call or an expression. */
    private static final boolean[] OPENS = new boolean[256];

    static {
        for (byte[] lookup : LOOKUPS) {
            OPENS[lookup[0] & 0xFF] = true;
        }
        OPENS['/'] = true;
    }

    private CodeReference() {}

    /** True when {@code buf[s, s + n)}, already trimmed, is a call, an expression or a lookup. */
    static boolean is(byte[] buf, int s, int n) {
        if (n < 2) {
            return false;
        }
        int last = buf[s + n - 1];
        // Every form below opens with a lookup's or a path's first byte, or ends in a parenthesis
        // or bracket: a token, a password or a key is turned away without a walk over its bytes.
        if (!OPENS[buf[s] & 0xFF] && last != '(' && last != ')' && last != ']') {
            return false;
        }
        for (byte[] p : LOOKUPS) {
            if (Ascii.startsWith(buf, s, n, p)) {
                return true;
            }
        }
        if (pathSlashes(buf, s, n) >= 2) {
            return true;
        }
        if (n > 2 && buf[s] == '[' && buf[s + n - 1] == ']') {
            s++; // "[parameters('x')]": the brackets only mark an expression
            n -= 2;
        }
        return isCall(buf, s, n);
    }

    private static boolean isCall(byte[] buf, int s, int n) {
        if (n < 3 || Ascii.isDigit(buf[s])) {
            return false;
        }
        int i = 0;
        boolean letter = false;
        while (i < n && isNameByte(buf[s + i])) {
            letter |= Ascii.isAlpha(buf[s + i]);
            i++;
        }
        if (i < 2 || !letter || i == n || buf[s + i] != '(') {
            return false;
        }
        int last = buf[s + n - 1];
        return last == '(' || last == ')';
    }

    /**
     * The number of {@code /} in {@code buf[off, off + len)} when it is an absolute path: a
     * {@code /} then file-name segments ({@code A-Z a-z 0-9 . _ ~ -}) of at most
     * {@link #MAX_SEGMENT} bytes; 0 when it is not one. A base64 secret may open with '/' too,
     * but it runs on with '+', in a segment longer than any directory name, or in a segment
     * that reads as random rather than as a name ({@link #isRandomRun}).
     */
    static int pathSlashes(byte[] buf, int off, int len) {
        if (len == 0 || buf[off] != '/') {
            return 0;
        }
        int slashes = 1;
        int start = off + 1;
        int end = off + len;
        for (int i = start; i < end; i++) {
            int b = buf[i];
            if (b == '/') {
                if (isRandomRun(buf, start, i - start)) {
                    return 0;
                }
                slashes++;
                start = i + 1;
            } else if (!(Ascii.isAlnum(b) || b == '.' || b == '_' || b == '~' || b == '-') || i - start >= MAX_SEGMENT) {
                return 0;
            }
        }
        if (isRandomRun(buf, start, end - start)) {
            return 0;
        }
        return slashes;
    }

    /**
     * True when a path segment reads as random bytes rather than as a name: at least
     * {@link #RANDOM_SEGMENT} letters and digits only, mixing upper case, lower case and digits,
     * with the kind of byte changing at two boundaries in five or more ({@link KindChanges}).
     */
    private static boolean isRandomRun(byte[] buf, int off, int len) {
        if (len < RANDOM_SEGMENT) {
            return false;
        }
        int kinds = 0;
        for (int i = off; i < off + len; i++) {
            int kind = KindChanges.kind(buf[i]);
            if (kind == 0) {
                return false;
            }
            kinds |= kind;
        }
        return kinds == 7 && KindChanges.often(buf, off, len);
    }

    private static boolean isNameByte(int b) {
        return Ascii.isAlnum(b) || b == '_' || b == '.' || b == '$';
    }
}
