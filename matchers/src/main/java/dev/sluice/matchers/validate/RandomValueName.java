package dev.sluice.matchers.validate;

/**
 * Whether a value's name says it holds a random number: an OAuth or OpenID {@code nonce}, a
 * digest's {@code salt}, a generator's {@code seed}, an anti-forgery {@code csrf} token. One in
 * a hundred random 16-digit numbers opens with a card brand's prefix and passes Luhn, so a card
 * found under such a name is such a number, not a card: no service files a card number there.
 */
final class RandomValueName {
    /**
     * Parts that make a name one of a random value wherever they stand ({@code oauth_nonce},
     * {@code passwordSalt}), and names that are one when they are the whole name.
     */
    private static final NameWords WORDS = new NameWords(new String[] {"nonce", "salt", "entropy", "csrf", "xsrf"},
            new String[] {"seed", "random", "rand"}, 64);

    private RandomValueName() {}

    static boolean names(String key) {
        return WORDS.match(key);
    }
}
