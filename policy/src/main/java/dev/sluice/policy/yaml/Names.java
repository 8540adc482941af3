package dev.sluice.policy.yaml;

/**
 * The shape of names a policy gives (routes, budgets): they become metric label values, so they
 * are short and plain: a lower-case letter or digit, then up to 63 of {@code a-z 0-9 _ . -}.
 */
final class Names {
    private Names() {
    }

    static boolean valid(String name) {
        if (name.isEmpty() || name.length() > 64 || !plain(name.charAt(0)) || name.charAt(0) == '_'
                || name.charAt(0) == '.' || name.charAt(0) == '-') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!plain(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    static final String RULE = "a name is 1 to 64 of a-z 0-9 _ . - starting with a letter or digit";
}
