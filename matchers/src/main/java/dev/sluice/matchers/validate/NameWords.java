package dev.sluice.matchers.validate;

/**
 * What a value's name says, judged by words: a name holds one of {@code parts} anywhere
 * ({@code os_version}, {@code oauth_nonce}) or is one of {@code names} whole ({@code ver},
 * {@code seed}), letters compared without case. A name longer than {@code maxLength} is none.
 */
final class NameWords {
    private final String[] parts;
    private final String[] names;
    private final int maxLength;

    NameWords(String[] parts, String[] names, int maxLength) {
        this.parts = parts.clone();
        this.names = names.clone();
        this.maxLength = maxLength;
    }

    boolean match(String key) {
        if (key == null || key.length() > maxLength) {
            return false;
        }
        for (String part : parts) {
            for (int i = 0; i + part.length() <= key.length(); i++) {
                if (key.regionMatches(true, i, part, 0, part.length())) {
                    return true;
                }
            }
        }
        for (String name : names) {
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
