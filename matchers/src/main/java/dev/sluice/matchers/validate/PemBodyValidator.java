package dev.sluice.matchers.validate;

/**
 * {@code pem_body}: a PEM block ({@code -----BEGIN … KEY-----} … {@code -----END … KEY-----},
 * RFC 7468) that holds key material. Documentation and templates print the markers around
 * nothing, a word or a placeholder ({@code <your key>}, {@code YOUR_PRIVATE_KEY_HERE},
 * {@code ...}); no key is leaked there. The body (between the end of the first marker line
 * and the last {@code -----END}) must hold at least {@value #LEAST_BASE64} bytes of
 * the base64 alphabet and none of template or mask syntax ({@code < > { } $ _ *}), which
 * neither base64 nor a PEM header line ({@code Proc-Type: 4,ENCRYPTED}) holds. A key cut
 * short in a sample ({@code MIIEowIBAAKCAQEA...}) still counts: what is shown is key material.
 */
final class PemBodyValidator implements ByteValidator {
    static final PemBodyValidator INSTANCE = new PemBodyValidator();

    /** Fewer shows no key material: a whole key has at least 64 (Ed25519, PKCS#8), a sample cut short fewer. */
    static final int LEAST_BASE64 = 16;

    private static final int DASHES = 5;
    private static final byte[] END_MARKER = Ascii.bytes("-----END");

    private PemBodyValidator() {}

    @Override
    public boolean test(CandidateView c) {
        byte[] buf = c.buf();
        int off = c.off();
        int len = c.len();
        int bodyFrom = dashesFrom(buf, off + DASHES, off + len);
        if (bodyFrom < 0) {
            return false;
        }
        bodyFrom += DASHES;
        int bodyTo = lastEndMarker(buf, bodyFrom, off + len);
        if (bodyTo < 0) {
            return false;
        }
        int base64 = 0;
        for (int i = bodyFrom; i < bodyTo; i++) {
            int b = buf[i];
            if (Ascii.isAlnum(b) || b == '+' || b == '/' || b == '=') {
                base64++;
            } else if (b == '<' || b == '>' || b == '{' || b == '}' || b == '$' || b == '_' || b == '*') {
                return false; // template syntax or a mask: no base64 body or PEM header holds these
            }
        }
        return base64 >= LEAST_BASE64;
    }

    /** The first run of five dashes at or after {@code from}, or -1. */
    private static int dashesFrom(byte[] buf, int from, int to) {
        for (int i = from; i + DASHES <= to; i++) {
            if (isDashes(buf, i)) {
                return i;
            }
        }
        return -1;
    }

    /** The start of the last {@code -----END} at or after {@code from}, or -1. */
    private static int lastEndMarker(byte[] buf, int from, int to) {
        for (int i = to - END_MARKER.length; i >= from; i--) {
            if (Ascii.regionMatchesIgnoreCase(buf, i, END_MARKER)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDashes(byte[] buf, int i) {
        for (int k = 0; k < DASHES; k++) {
            if (buf[i + k] != '-') {
                return false;
            }
        }
        return true;
    }
}
