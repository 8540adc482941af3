package dev.sluice.standalone.events;

/** Small text guards for event fields that come from the wire. */
final class Texts {
    private Texts() {
    }

    /** {@code s} cut to {@code max} characters (never inside a surrogate pair), marked with a trailing {@code …}. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /** The part of a request target before its query or fragment: query strings carry secrets. */
    static String withoutQuery(String target) {
        int end = target.length();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return target.substring(0, end);
    }

    /** Whether every character is printable ASCII. */
    static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
