package dev.sluice.inspector;

/**
 * Reads one parameter of a media type ({@code multipart/form-data; boundary="a;b"},
 * {@code text/xml; charset=utf-16}): RFC 9110 §5.6.6, names case-insensitive, values a token or
 * a quoted string whose backslash escapes are undone. A quoted value may hold {@code ;}.
 */
public final class MediaTypeParameter {
    private MediaTypeParameter() {
    }

    /**
     * The value of parameter {@code name} in {@code contentType}, unquoted; null when the type is
     * null or lacks the parameter. An unquoted value loses trailing whitespace; the first
     * parameter of that name counts.
     */
    public static String of(String contentType, String name) {
        return find(contentType, name, false);
    }

    /**
     * Whether {@code contentType} gives parameter {@code name} twice with different values
     * ({@code boundary=a; boundary=b}): servers disagree on which counts (Go refuses the type,
     * Python's parsers take the last, others the first), so no reading of it is safe.
     */
    public static boolean ambiguous(String contentType, String name) {
        String first = find(contentType, name, false);
        return first != null && !first.equals(find(contentType, name, true));
    }

    /** The first value of parameter {@code name}, or with {@code last} the last one; null when there is none. */
    private static String find(String contentType, String name, boolean last) {
        if (contentType == null) {
            return null;
        }
        String found = null;
        int n = contentType.length();
        int i = contentType.indexOf(';');
        while (i >= 0 && i < n) {
            int ps = i + 1;
            while (ps < n && (contentType.charAt(ps) == ' ' || contentType.charAt(ps) == '\t')) {
                ps++;
            }
            int eq = ps;
            while (eq < n && contentType.charAt(eq) != '=' && contentType.charAt(eq) != ';') {
                eq++;
            }
            if (eq >= n || contentType.charAt(eq) == ';') {
                i = eq;
                continue;
            }
            boolean wanted = contentType.substring(ps, eq).strip().equalsIgnoreCase(name);
            int vs = eq + 1;
            StringBuilder value = new StringBuilder();
            int next;
            if (vs < n && contentType.charAt(vs) == '"') {
                int j = vs + 1;
                while (j < n && contentType.charAt(j) != '"') {
                    if (contentType.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    value.append(contentType.charAt(j));
                    j++;
                }
                next = contentType.indexOf(';', Math.min(j + 1, n));
            } else {
                next = contentType.indexOf(';', vs);
                value.append(contentType, vs, next < 0 ? n : next);
                while (!value.isEmpty() && value.charAt(value.length() - 1) <= ' ') {
                    value.setLength(value.length() - 1);
                }
            }
            if (wanted) {
                found = value.toString();
                if (!last) {
                    return found;
                }
            }
            i = next;
        }
        return found;
    }
}
