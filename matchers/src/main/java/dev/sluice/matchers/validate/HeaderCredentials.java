package dev.sluice.matchers.validate;

import dev.sluice.matchers.ContextRule;
import java.util.Arrays;
import java.util.Base64;

/**
 * Credentials whose names say exactly what they must look like, so that a value under the name
 * is checked against that form rather than against entropy: an HTTP Basic credential
 * ({@code Authorization: Basic <base64 of user:password>}, RFC 7617; the same pair under
 * {@code auth} in a Docker {@code config.json} registry entry or as {@code .npmrc}'s
 * {@code _auth}) and an Azure Storage account
 * key ({@code AccountKey=<base64 of 64 bytes>} in a connection string). Both names are common
 * words or identifiers elsewhere ("basic plan", an {@code accountKey} that numbers an account),
 * so only the exact form counts under them.
 */
final class HeaderCredentials {
    private static final int MAX_BASIC_BYTES = 1024;
    private static final int AZURE_KEY_CHARS = 88;

    private HeaderCredentials() {
    }

    /** The rule for values under {@code key}, or null when the key names no such credential. */
    static Rule ruleFor(String key) {
        if (key == null || key.length() > 16) {
            return null;
        }
        if (ContextRule.normalizesTo(key, "basic") || ContextRule.normalizesTo(key, "auth")) {
            return HeaderCredentials::isBasic;
        }
        return ContextRule.normalizesTo(key, "accountkey") ? HeaderCredentials::isAzureAccountKey : null;
    }

    @FunctionalInterface
    interface Rule {
        boolean test(byte[] buf, int off, int len);
    }

    /**
     * Base64 that decodes to printable {@code user:password} with a password that is not a
     * placeholder ({@code user:password}, {@code admin:changeme}, {@code ${USER}:${PASS}}).
     */
    static boolean isBasic(byte[] buf, int off, int len) {
        if (len < 4 || len > MAX_BASIC_BYTES) {
            return false;
        }
        byte[] decoded = decode(buf, off, len);
        if (decoded == null) {
            return false;
        }
        int colon = -1;
        for (int i = 0; i < decoded.length; i++) {
            int b = decoded[i] & 0xFF;
            if (b < 0x20 || b == 0x7F) {
                return false; // binary after decoding: a word or an id that happened to be base64
            }
            if (b == ':' && colon < 0) {
                colon = i;
            }
        }
        int password = colon + 1;
        return colon >= 0 && password < decoded.length
                && !Placeholders.is(decoded, password, decoded.length - password);
    }

    /** 88 base64 characters ending in {@code ==}: the 64 bytes of an Azure Storage account key. */
    static boolean isAzureAccountKey(byte[] buf, int off, int len) {
        if (len != AZURE_KEY_CHARS || buf[off + len - 1] != '=' || buf[off + len - 2] != '=') {
            return false;
        }
        byte[] key = decode(buf, off, len);
        return key != null && key.length == 64 && Entropy.atLeast(buf, off, len - 2, 4.0);
    }

    /** Standard base64, padding optional; null when {@code buf[off..off+len)} is not that. */
    private static byte[] decode(byte[] buf, int off, int len) {
        try {
            return Base64.getDecoder().decode(Arrays.copyOfRange(buf, off, off + len));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
