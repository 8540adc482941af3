package dev.sluice.standalone.admin;

/**
 * The shape every free-form label value (route, service, budget name, detector id) must have
 * before it may take a place in a bounded set: 1 to {@value #MAX_LENGTH} of {@code a-z 0-9 . _ -},
 * at least one letter, and no run of more than {@value #MAX_RUN} letters and digits between
 * separators. Route and budget names (policy rules), detector ids and Kubernetes service names
 * have this shape; what must never be a label does not, even when it arrives where a name should:
 * an IPv4 address (no letter), an IPv6 address ({@code :}), a path or URL ({@code /}), an e-mail
 * address ({@code @}), a query ({@code ?}, {@code =}), a JWT or an API key (upper case, or one
 * long run of characters: {@code ghp_…}, a hex digest). A value of another shape becomes
 * {@code other} without using up a place. (So does a service name with capitals: name services
 * in lower case, as Kubernetes does.)
 */
final class LabelShape {
    static final int MAX_LENGTH = 64;
    static final int MAX_RUN = 32;

    private LabelShape() {
    }

    static boolean isName(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        boolean letter = false;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lower = c >= 'a' && c <= 'z';
            if (lower || c >= '0' && c <= '9') {
                letter |= lower;
                if (++run > MAX_RUN) {
                    return false;
                }
            } else if (c == '.' || c == '_' || c == '-') {
                run = 0;
            } else {
                return false;
            }
        }
        return letter;
    }
}
