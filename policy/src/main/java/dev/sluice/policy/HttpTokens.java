package dev.sluice.policy;

/**
 * HTTP's token syntax (RFC 9110 §5.6.2): what a method, a header field's name or a media type's
 * parts must be: for the policy's answers and the CLI. (The proxy keeps its own copy in
 * {@code ProxyConfig}: that package depends on no Sluice module.)
 */
public final class HttpTokens {
    private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpTokens() {
    }

    /** Whether {@code s} is a token: one or more token characters. */
    public static boolean is(String s) {
        return !s.isEmpty() && s.chars().allMatch(HttpTokens::isChar);
    }

    /** A token character: a letter, a digit or one of {@code !#$%&'*+-.^_`|~}. */
    public static boolean isChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || SYMBOLS.indexOf(c) >= 0;
    }
}
