package dev.sluice.policy.yaml;

import java.util.Collection;

/**
 * The nearest known name to a misspelt one, by optimal-string-alignment distance (Levenshtein
 * plus adjacent transpositions, so {@code crad → card} costs 1). A name is suggested only when
 * it is within a third of the longer word's length (at least 1, at most 3 edits) and is the
 * single nearest; otherwise nothing is, rather than a misleading guess. Public because the
 * configuration loader gives the same hints.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** {@code ", did you mean 'x'?"}, or empty when nothing is near enough. */
    public static String didYouMean(String wrong, Collection<String> known) {
        String best = nearest(wrong, known);
        return best == null ? "" : ", did you mean '" + best + "'?";
    }

    static String nearest(String wrong, Collection<String> known) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        boolean tie = false;
        for (String k : known) {
            int d = distance(wrong, k);
            int limit = Math.min(3, Math.max(1, Math.max(wrong.length(), k.length()) / 3));
            if (d > limit) {
                continue;
            }
            if (d < bestDist) {
                best = k;
                bestDist = d;
                tie = false;
            } else if (d == bestDist) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /** Optimal string alignment distance; inputs are policy names, so O(n·m) is cheap. */
    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
