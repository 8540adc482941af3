package dev.sluice.matchers;

import java.util.List;
import java.util.Locale;

/**
 * When a value is "under" a detector's context: rules on the normalised key name (lower
 * case, letters and digits only: {@code spring.datasource.password} → {@code
 * springdatasourcepassword}, {@code user[password]} → {@code userpassword}) and keywords that
 * may appear shortly before a value in free text ("Passport: X1234567").
 *
 * <p>A key matches when it equals one of {@code equals}, or contains one of {@code contains},
 * or ends with one of {@code endsWith} — and contains none of {@code exclude}, and its last
 * word is none of {@code excludeLastWord}.
 *
 * @param equals     whole normalised key names
 * @param contains   substrings of the normalised key
 * @param endsWith   suffixes of the normalised key
 * @param exclude    substrings that disqualify a key ({@code page} in {@code next_page_token})
 * @param excludeLastWord last words that disqualify a key ({@code id} in {@code credentialsId},
 *                   {@code token_id}: a name that identifies a secret is not the secret); words
 *                   of the key as written, split at {@code _ - . [ ]}, blanks and a lower-case
 *                   letter followed by an upper-case one, compared without case
 * @param keywords   Hyperscan expressions (matched case-insensitively) that put text that
 *                   follows within {@code proximity} bytes into this context
 * @param proximity  how far after a keyword or key a candidate may start, in decoded bytes
 * @param sameLine   whether a newline between keyword and candidate breaks the context
 * @param sameObject whether a keyword in an earlier member of the value's object, element,
 *                   row or message counts too ({@link FieldContext#containerOwner}), not only
 *                   one in the value itself, for a value whose own key names no context: an
 *                   AWS key id in {@code "id"} beside a secret in {@code "key"}. Proximity
 *                   still applies, counted in decoded bytes, where member names take no room.
 */
public record ContextRule(List<String> equals, List<String> contains, List<String> endsWith,
                          List<String> exclude, List<String> excludeLastWord, List<String> keywords, int proximity,
                          boolean sameLine, boolean sameObject) {

    public ContextRule {
        equals = normalizeAll(equals);
        contains = normalizeAll(contains);
        endsWith = normalizeAll(endsWith);
        exclude = normalizeAll(exclude);
        excludeLastWord = normalizeAll(excludeLastWord);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        if (proximity <= 0 || proximity > 1024) {
            throw new IllegalArgumentException("proximity must be in 1..1024, got " + proximity);
        }
    }

    /** True when the rule names any key at all (as opposed to keywords only). */
    public boolean hasKeyRules() {
        return !equals.isEmpty() || !contains.isEmpty() || !endsWith.isEmpty();
    }

    /** Whether {@code key}, whose normalised form ({@link #normalize}) is {@code normalized}, is in this context. */
    public boolean matchesKey(String key, String normalized) {
        if (normalized.isEmpty()) {
            return false;
        }
        if (!excludeLastWord.isEmpty()) {
            String last = lastWord(key);
            for (String x : excludeLastWord) {
                if (last.equalsIgnoreCase(x)) {
                    return false;
                }
            }
        }
        return matchesNormalizedKey(normalized);
    }

    private boolean matchesNormalizedKey(String key) {
        // A name listed whole is meant whatever it contains: exclusions narrow the partial rules.
        for (String e : equals) {
            if (key.equals(e)) {
                return true;
            }
        }
        for (String x : exclude) {
            if (key.contains(x)) {
                return false;
            }
        }
        for (String c : contains) {
            if (key.contains(c)) {
                return true;
            }
        }
        for (String s : endsWith) {
            if (key.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The last word of a key as written: after its last separator ({@code _ - . [ ]}, a blank)
     * or camel-case hump ({@code credentialsId} → {@code Id}); trailing separators skipped.
     */
    static String lastWord(String key) {
        int end = key.length();
        while (end > 0 && !Character.isLetterOrDigit(key.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0) {
            char ch = key.charAt(start - 1);
            if (!Character.isLetterOrDigit(ch)) {
                break;
            }
            if (start < end && Character.isUpperCase(key.charAt(start)) && Character.isLowerCase(ch)) {
                break; // "credentialsId": a hump starts the word
            }
            start--;
        }
        return key.substring(start, end);
    }

    /** Lower-cases ASCII letters and drops everything but letters and digits. */
    public static String normalize(CharSequence key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = normalized(key.charAt(i));
            if (c != DROPPED) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Whether {@code key} normalizes to {@code normalized} (lower case letters and digits), read
     * in place: asked of every key a value is captured under, where a normalized copy was two
     * allocations per value.
     */
    public static boolean normalizesTo(CharSequence key, String normalized) {
        int k = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = normalized(key.charAt(i));
            if (c != DROPPED) {
                if (k == normalized.length() || normalized.charAt(k) != c) {
                    return false;
                }
                k++;
            }
        }
        return k == normalized.length();
    }

    /** {@link #normalized}'s answer for a character a normalized key leaves out. */
    private static final char DROPPED = 0;

    /** What {@link #normalize} writes for {@code ch}: an ASCII letter in lower case, a digit, else {@link #DROPPED}. */
    private static char normalized(char ch) {
        if (ch >= 'A' && ch <= 'Z') {
            return (char) (ch + 32);
        }
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch : DROPPED;
    }

    private static List<String> normalizeAll(List<String> in) {
        if (in == null) {
            return List.of();
        }
        return in.stream().map(s -> normalize(s.toLowerCase(Locale.ROOT))).filter(s -> !s.isEmpty()).toList();
    }
}
