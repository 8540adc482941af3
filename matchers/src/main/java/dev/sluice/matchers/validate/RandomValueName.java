package dev.sluice.matchers.validate;

import java.util.Locale;

/**
 * Whether a value's name says it holds a random number: an OAuth or OpenID {@code nonce}, a
 * digest's {@code salt}, a generator's {@code seed}, an anti-forgery {@code csrf} token. One in
 * a hundred random 16-digit numbers opens with a card brand's prefix and passes Luhn, so a card
 * found under such a name is such a number, not a card: no service files a card number there.
 */
final class RandomValueName {
    /** Parts that make a name one of a random value wherever they stand ({@code oauth_nonce}, {@code passwordSalt}). */
    private static final String[] PARTS = {"nonce", "salt", "entropy", "csrf", "xsrf"};
    /** Names that are one when they are the whole name. */
    private static final String[] NAMES = {"seed", "random", "rand"};
    private static final int MAX_NAME = 64;

    private RandomValueName() {}

    static boolean names(String key) {
        if (key == null || key.length() > MAX_NAME) {
            return false;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        for (String part : PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        for (String name : NAMES) {
            if (lower.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
