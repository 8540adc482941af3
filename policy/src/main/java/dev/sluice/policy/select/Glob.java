package dev.sluice.policy.select;

import java.util.Arrays;

/**
 * A compiled glob: {@code *} matches any run of characters except a separator, {@code **}
 * matches any run including separators; everything else is literal. Compiled once when the
 * policy loads; {@link #matches} compares the literal prefix and suffix first (so most
 * non-matching routes cost a few character compares, and {@code /api/**} is a prefix test),
 * then runs a two-row dynamic programme over the rest, so a hostile text can cost at most
 * {@code text length × pattern length} steps, never exponential backtracking.
 *
 * <p>Kinds differ only in their separators and case: paths separate at {@code /}, field paths
 * at {@code .}, {@code [} and {@code /} (XML element paths), host names and service names have no separator (so {@code
 * *.acme.io} matches {@code a.b.acme.io}, as Envoy's wildcard domains do). Hosts, and paths
 * where the policy says so ({@link PathCase}), compare without case: pattern and text are
 * folded character by character with {@link Character#toLowerCase(char)}, the same fold on
 * both sides.
 */
public final class Glob {
    /** Longest pattern accepted; longer ones are a policy error. */
    public static final int MAX_PATTERN = 256;
    /** Texts longer than this never match a glob with wildcards (exact globs still compare). */
    public static final int MAX_TEXT = 16 * 1024;

    private static final int STAR = -1;
    private static final int DOUBLE_STAR = -2;

    private final String pattern;
    private final int[] tokens;
    private final String separators;
    private final boolean ignoreCase;
    private final int literals;
    private final boolean exact;
    /** Tokens [0, prefix) and [suffixStart, length) are literals: checked before the programme runs. */
    private final int prefix;
    private final int suffixStart;
    /** The glob is a literal prefix and a final {@code **}: a prefix test decides. */
    private final boolean prefixOnly;

    private Glob(String pattern, String separators, boolean ignoreCase) {
        String err = problem(pattern);
        if (err != null) {
            throw new IllegalArgumentException(err);
        }
        this.pattern = ignoreCase ? folded(pattern) : pattern;
        this.separators = separators;
        this.ignoreCase = ignoreCase;
        int[] t = new int[this.pattern.length()];
        int n = 0;
        int lit = 0;
        for (int i = 0; i < this.pattern.length(); i++) {
            char c = this.pattern.charAt(i);
            if (c == '*') {
                boolean twice = i + 1 < this.pattern.length() && this.pattern.charAt(i + 1) == '*';
                t[n++] = twice ? DOUBLE_STAR : STAR;
                i += twice ? 1 : 0;
            } else {
                t[n++] = c;
                lit++;
            }
        }
        this.tokens = Arrays.copyOf(t, n);
        this.literals = lit;
        this.exact = lit == n;
        int first = 0;
        while (first < n && tokens[first] >= 0) {
            first++;
        }
        int last = n;
        while (last > first && tokens[last - 1] >= 0) {
            last--;
        }
        this.prefix = first;
        this.suffixStart = last;
        this.prefixOnly = !exact && last == n && first == n - 1 && tokens[n - 1] == DOUBLE_STAR;
    }

    /** A URL path glob: {@code *} stays within one segment. */
    public static Glob path(String pattern) {
        return new Glob(pattern, "/", false);
    }

    /** A URL path glob compared without case ({@link PathCase#INSENSITIVE}). */
    public static Glob pathIgnoringCase(String pattern) {
        return new Glob(pattern, "/", true);
    }

    /** A host glob, compared without case; {@code *} spans dots. */
    public static Glob host(String pattern) {
        return new Glob(pattern, "", true);
    }

    /**
     * A field path glob over {@code $.users[3].card} or an XML path
     * {@code /Envelope/Body/Card/@number}: {@code *} stays within one member, index or element.
     */
    public static Glob fieldPath(String pattern) {
        return new Glob(pattern, ".[/", false);
    }

    /** A service name glob; {@code *} spans anything. */
    public static Glob name(String pattern) {
        return new Glob(pattern, "", false);
    }

    /** Why {@code pattern} is not a usable glob, or null when it is. */
    public static String problem(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return "a glob must not be empty";
        }
        if (pattern.length() > MAX_PATTERN) {
            return "a glob must be at most " + MAX_PATTERN + " characters, this one has " + pattern.length();
        }
        if (pattern.contains("***")) {
            return "'***' is not a glob wildcard (use '*' within a segment or '**' across segments)";
        }
        for (int i = 0; i < pattern.length(); i++) {
            if (Character.isISOControl(pattern.charAt(i))) {
                return "a glob must not contain control characters";
            }
        }
        return null;
    }

    public boolean matches(CharSequence text) {
        if (text == null) {
            return false;
        }
        int n = text.length();
        if (exact) {
            return n == tokens.length && literalsMatch(text, 0, 0, n);
        }
        if (n > MAX_TEXT) {
            return false;
        }
        int suffixLen = tokens.length - suffixStart;
        if (n < prefix + suffixLen || !literalsMatch(text, 0, 0, prefix)
                || !literalsMatch(text, n - suffixLen, suffixStart, suffixLen)) {
            return false;
        }
        if (prefixOnly) {
            return true;
        }
        return middleMatches(text, prefix, n - suffixLen);
    }

    private boolean literalsMatch(CharSequence text, int at, int token, int count) {
        for (int i = 0; i < count; i++) {
            if (fold(text.charAt(at + i)) != tokens[token + i]) {
                return false;
            }
        }
        return true;
    }

    /** Tokens [prefix, suffixStart) against text[from, to): the two-row programme. */
    private boolean middleMatches(CharSequence text, int from, int to) {
        int n = to - from;
        // prev[j]: the tokens before this one match text[from, from + j).
        boolean[] prev = new boolean[n + 1];
        boolean[] cur = new boolean[n + 1];
        prev[0] = true;
        for (int k = prefix; k < suffixStart; k++) {
            int token = tokens[k];
            cur[0] = prev[0] && token < 0;
            for (int j = 1; j <= n; j++) {
                char c = fold(text.charAt(from + j - 1));
                cur[j] = switch (token) {
                    case DOUBLE_STAR -> prev[j] || cur[j - 1];
                    case STAR -> prev[j] || cur[j - 1] && separators.indexOf(c) < 0;
                    default -> prev[j - 1] && c == token;
                };
            }
            boolean[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[n];
    }

    private char fold(char c) {
        return ignoreCase ? lower(c) : c;
    }

    private static char lower(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(c);
    }

    private static String folded(String pattern) {
        char[] chars = pattern.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = lower(chars[i]);
        }
        return new String(chars);
    }

    /** True when the glob has no wildcard: it matches one text only. */
    public boolean isExact() {
        return exact;
    }

    /** How many literal characters the glob has: more literals, more specific. */
    public int literalCount() {
        return literals;
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.pattern.equals(pattern) && g.separators.equals(separators)
                && g.ignoreCase == ignoreCase;
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + separators.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
