package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.Base64Alphabet;

/**
 * Decodes the start of a base64 token, standard or URL-safe alphabet (RFC 4648 sections 4
 * and 5), into a caller's buffer: enough to read a serialization format's header without
 * decoding, or allocating for, the whole token. Stops at the first byte outside the alphabet
 * (padding, a separator, a space a form decoder made of {@code +}) and drops an incomplete
 * last quantum.
 */
final class Base64Prefix {
    private Base64Prefix() {
    }

    static boolean isBase64(int b) {
        return b >= 0 && Base64Alphabet.sextet(b) >= 0;
    }

    /**
     * Whether a token starts at {@code i}: the byte before it (if any, from {@code off}) is
     * outside both alphabets, so {@code i} is not the middle of a longer run.
     */
    static boolean startsToken(byte[] b, int off, int i) {
        return i == off || !isBase64(b[i - 1] & 0xFF);
    }

    /**
     * Decodes whole quanta of the token at {@code b[i, end)} into {@code out}, at most
     * {@code out.length} bytes; returns how many bytes were written.
     */
    static int decode(byte[] b, int i, int end, byte[] out) {
        int n = 0;
        while (i + 4 <= end && n + 3 <= out.length) {
            int v0 = Base64Alphabet.sextet(b[i] & 0xFF);
            int v1 = Base64Alphabet.sextet(b[i + 1] & 0xFF);
            int v2 = Base64Alphabet.sextet(b[i + 2] & 0xFF);
            int v3 = Base64Alphabet.sextet(b[i + 3] & 0xFF);
            if ((v0 | v1 | v2 | v3) < 0) {
                break;
            }
            int q = v0 << 18 | v1 << 12 | v2 << 6 | v3;
            out[n++] = (byte) (q >> 16);
            out[n++] = (byte) (q >> 8);
            out[n++] = (byte) q;
            i += 4;
        }
        return n;
    }
}
