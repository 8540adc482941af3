package dev.sluice.standalone.config;

import java.util.Collection;

/**
 * The known name a misspelt key or value most likely meant, for "did you mean" hints: the single
 * nearest by edit distance (Levenshtein, case-insensitive), within a third of the name's length
 * (at least 1, at most 3 edits). Two equally near names give no hint rather than a guess.
 */
final class NearestName {
    private NearestName() {
    }

    /** {@code ", did you mean 'x'?"}, or an empty string. */
    static String hint(String wrong, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tied = false;
        for (String candidate : known) {
            int d = editDistance(wrong, candidate);
            if (d > Math.max(1, Math.min(3, candidate.length() / 3))) {
                continue;
            }
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
                tied = false;
            } else if (d == bestDistance) {
                tied = true;
            }
        }
        return best == null || tied ? "" : ", did you mean '" + best + "'?";
    }

    /** Two rows of the classic table; keys are short, so the quadratic cost is nothing. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char ca = Character.toLowerCase(a.charAt(i - 1));
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (ca == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
