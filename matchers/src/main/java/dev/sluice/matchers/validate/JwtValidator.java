package dev.sluice.matchers.validate;

/**
 * {@code jwt}: a JSON Web Token in JWS compact serialization (RFC 7515 section 7.1): three
 * non-empty base64url segments (RFC 4648 section 5, no padding) joined by dots, whose first
 * segment decodes to a JOSE header: a JSON object with an {@code "alg"} member (RFC 7515
 * 4.1.1, required). Dotted identifiers ({@code com.acme.checkout.v2}), scopes and file names
 * have the shape but no such header. Unsecured tokens with an empty signature
 * ({@code alg: none}) are not accepted: there is no secret in them.
 *
 * <p>The header is decoded on the fly, a few bits at a time, straight into a small matcher
 * that wants optional whitespace, {@code {}, later the quoted key {@code "alg"} followed by
 * optional whitespace and {@code :}, and a closing brace last; nothing is buffered or
 * allocated. Boundary: no base64url byte or {@code .} on either side (the candidate would be
 * part of a longer dotted token).
 */
final class JwtValidator implements ByteValidator {
    static final JwtValidator INSTANCE = new JwtValidator();

    private static final byte[] ALG_KEY = Ascii.bytes("\"alg\"");

    private JwtValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int b = c.before(1);
        int a = c.after(1);
        if (Ascii.isB64Url(b) || b == '.' || Ascii.isB64Url(a) || a == '.') {
            return false;
        }
        return isJwt(c.buf(), c.off(), c.len());
    }

    /** True when {@code buf[off, off + len)} is a whole compact JWS with an {@code alg} header. */
    static boolean isJwt(byte[] buf, int off, int len) {
        if (len < 5) {
            return false;
        }
        int dot1 = -1;
        int dot2 = -1;
        for (int i = 0; i < len; i++) {
            int x = buf[off + i] & 0xFF;
            if (x == '.') {
                if (dot1 < 0) {
                    dot1 = i;
                } else if (dot2 < 0) {
                    dot2 = i;
                } else {
                    return false; // a fourth segment: JWE has five, neither is a JWS
                }
            } else if (Base64Alphabet.urlSextet(x) < 0) {
                return false;
            }
        }
        if (dot1 < 1 || dot2 < 0 || dot2 == dot1 + 1 || dot2 == len - 1) {
            return false;
        }
        return headerHasAlg(buf, off, dot1);
    }

    /**
     * Decodes the base64url header segment and matches it: optional whitespace, '{', somewhere
     * "alg" as a key, and '}' as the last byte that is not whitespace (a header cut short, as in
     * {@code eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ}, is no JSON object). {@code state} counts the
     * bytes of {@code "alg"} matched so far; 5 means the key is complete and we wait for ':'
     * after optional whitespace.
     */
    private static boolean headerHasAlg(byte[] buf, int off, int n) {
        if (n % 4 == 1) {
            return false; // no whole byte can end there (RFC 4648 3.5 on canonical encodings)
        }
        int bits = 0;
        int nbits = 0;
        boolean opened = false;
        boolean alg = false;
        int last = -1;
        int state = 0;
        for (int i = 0; i < n; i++) {
            bits = (bits << 6) | Base64Alphabet.urlSextet(buf[off + i] & 0xFF);
            nbits += 6;
            if (nbits < 8) {
                continue;
            }
            nbits -= 8;
            int x = (bits >>> nbits) & 0xFF;
            bits &= (1 << nbits) - 1;
            if (!isJsonSpace(x)) {
                last = x;
            }
            if (alg) {
                continue;
            }
            if (!opened) {
                if (x == '{') {
                    opened = true;
                } else if (!isJsonSpace(x)) {
                    return false;
                }
                continue;
            }
            if (state == 5) {
                if (x == ':') {
                    alg = true;
                    continue;
                }
                if (isJsonSpace(x)) {
                    continue;
                }
                // Not a key after all: start over with this byte.
                state = 0;
            }
            if (x == ALG_KEY[state]) {
                state++;
            } else {
                state = x == '"' ? 1 : 0;
            }
        }
        return alg && last == '}';
    }

    private static boolean isJsonSpace(int x) {
        return x == ' ' || x == '\t' || x == '\n' || x == '\r'; // RFC 8259 section 2
    }
}
