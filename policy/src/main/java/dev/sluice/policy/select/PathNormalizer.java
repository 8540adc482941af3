package dev.sluice.policy.select;

import java.util.HexFormat;

/**
 * Puts a request target into the form routes are matched against, so that a path written to
 * dodge a route ({@code /health/../cards}, {@code //cards}, {@code /%63ards}) selects the route
 * the upstream will serve. Drops the query and fragment, decodes percent-encoded unreserved
 * characters (RFC 3986 §6.2.2.2), removes dot segments (RFC 3986 §5.2.4) and merges repeated
 * slashes (as Envoy's {@code merge_slashes} does) and drops each segment's parameters
 * ({@code ;…}, as Servlet containers do). Encoded slashes and backslashes ({@code %2F},
 * {@code %5C}) are either kept as characters of their segment or read as separators, as the
 * caller asks ({@link EscapedSlashes}). An absolute-form target ({@code http://host/path}) is
 * read from its path. Targets longer than {@link #MAX_LENGTH} are cut there.
 */
final class PathNormalizer {
    static final int MAX_LENGTH = 8192;

    private PathNormalizer() {
    }

    /** The path with encoded slashes kept: {@code normalize(target, false)}. */
    static String normalize(String target) {
        return normalize(target, false);
    }

    /**
     * The path routes see; with {@code slashesDecoded}, {@code %2F} and {@code %5C} are separators
     * before dot segments are removed, so {@code /static/..%2Fapi} is {@code /api}.
     */
    static String normalize(String target, boolean slashesDecoded) {
        if (target == null || target.isEmpty()) {
            return "/";
        }
        int end = Math.min(target.length(), MAX_LENGTH);
        StringBuilder decoded = new StringBuilder(end + 1);
        int from = pathStart(target, end);
        if (from == end || target.charAt(from) != '/') {
            decoded.append('/');
        }
        for (int i = from; i < end; i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                break;
            }
            if (c == '%' && i + 2 < end && HexFormat.isHexDigit(target.charAt(i + 1))
                    && HexFormat.isHexDigit(target.charAt(i + 2))) {
                int v = HexFormat.fromHexDigit(target.charAt(i + 1)) << 4 | HexFormat.fromHexDigit(target.charAt(i + 2));
                if (unreserved((char) v)) {
                    decoded.append((char) v);
                    i += 2;
                    continue;
                }
                if (slashesDecoded && (v == '/' || v == '\\')) {
                    decoded.append('/');
                    i += 2;
                    continue;
                }
            }
            decoded.append(c == '\\' ? '/' : c);
        }
        return removeDotSegments(decoded);
    }

    /** Whether the path part of {@code target} holds {@code %2F} or {@code %5C}, in either case. */
    static boolean hasEscapedSlash(String target) {
        int end = Math.min(target.length(), MAX_LENGTH);
        for (int i = 0; i < end; i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                return false;
            }
            if (escapedSlashAt(target, i, end) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code target} with {@code /} and {@code \} in its path where it held {@code %2F} and
     * {@code %5C}, the query and fragment as they were; {@code target} itself when
     * {@link #hasEscapedSlash} finds none.
     */
    static String unescapeSlashes(String target) {
        if (!hasEscapedSlash(target)) {
            return target;
        }
        StringBuilder out = new StringBuilder(target.length());
        int i = 0;
        for (; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                break;
            }
            char slash = escapedSlashAt(target, i, target.length());
            out.append(slash == 0 ? c : slash);
            i += slash == 0 ? 0 : 2;
        }
        return out.append(target, i, target.length()).toString();
    }

    /** The slash {@code %2F} or backslash {@code %5C} (either case) at {@code target[i]}, before {@code end}; else 0. */
    private static char escapedSlashAt(String target, int i, int end) {
        if (target.charAt(i) != '%' || i + 2 >= end) {
            return 0;
        }
        char hi = target.charAt(i + 1);
        char lo = Character.toUpperCase(target.charAt(i + 2));
        return hi == '2' && lo == 'F' ? '/' : hi == '5' && lo == 'C' ? '\\' : 0;
    }

    /** Where the path of an absolute-form target begins after its authority; 0 for any other target. */
    private static int pathStart(String target, int end) {
        int scheme = target.indexOf("://");
        if (scheme <= 0 || scheme >= end) {
            return 0;
        }
        for (int i = 0; i < scheme; i++) {
            char c = target.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                return 0;
            }
        }
        int i = scheme + 3;
        while (i < end && target.charAt(i) != '/' && target.charAt(i) != '?' && target.charAt(i) != '#') {
            i++;
        }
        return i;
    }

    /** Walks segments; "." is dropped, ".." drops the segment before it, empty segments merge. */
    private static String removeDotSegments(CharSequence path) {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        int n = path.length();
        boolean trailingSlash = n > 1 && path.charAt(n - 1) == '/';
        while (i < n) {
            while (i < n && path.charAt(i) == '/') {
                i++;
            }
            int start = i;
            int nameEnd = -1;
            while (i < n && path.charAt(i) != '/') {
                if (path.charAt(i) == ';' && nameEnd < 0) {
                    nameEnd = i;
                }
                i++;
            }
            // A segment's parameters (";jsessionid=…", the "..;" of "/public/..;/admin") are not
            // part of its name to Servlet containers and JAX-RS, which serve "/cards;x/1" as
            // "/cards/1"; an upstream that reads them literally serves no guarded path by them.
            int len = (nameEnd < 0 ? i : nameEnd) - start;
            if (len == 0) {
                continue;
            }
            if (len == 1 && path.charAt(start) == '.') {
                trailingSlash = true;
                continue;
            }
            if (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                int cut = out.lastIndexOf("/");
                out.setLength(Math.max(cut, 0));
                trailingSlash = true;
                continue;
            }
            trailingSlash = i < n;
            out.append('/').append(path, start, start + len);
        }
        if (out.isEmpty()) {
            return "/";
        }
        if (trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~';
    }
}
