package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.PatternDatabase;
import java.util.List;

/**
 * The bytes no candidate of a catalog's direction can hold: in the built-in catalog the line
 * break, the NUL between values and the other control bytes, among others. A rewriting session
 * holds back the bytes an open value's unreported match may still cover, which without more to
 * go on is the catalog's longest match (8 KiB for a JWT); no candidate still to come reaches
 * back over one of these bytes, so the text up to the last of them can leave at once. A log
 * followed as plain text then leaves line by line instead of 8 KiB late.
 *
 * <p>A candidate's bytes are read from its expression ({@link MatchBytes}) and its start walk.
 * A trigger (a whole-value detector's pattern) marks a span around itself whatever bytes it
 * holds, so a catalog with one has no breaks; so has one with an expression whose syntax
 * {@link ExpressionReader} does not know. Key anchors and context keywords are left out: what
 * they lead to starts after them.
 */
final class MatchBreaks {
    private MatchBreaks() {
    }

    /**
     * The break bytes of a direction's expression table, or null when there are none.
     */
    static boolean[] of(List<TableExpression> table) {
        boolean[] held = new boolean[256];
        for (TableExpression t : table) {
            switch (t.kind()) {
                case TRIGGER -> {
                    return null;
                }
                case CANDIDATE, BLOCK_BEGIN -> {
                    PatternDatabase.Expression e = t.expression();
                    boolean[] bytes = MatchBytes.ofCandidate(e.regex(), e.caseless(), t.trim());
                    if (bytes == null) {
                        return null;
                    }
                    held = MatchBytes.union(held, bytes);
                    if (t.startWalk() != null) {
                        held = MatchBytes.union(held, t.startWalk().bytes());
                    }
                }
                default -> {
                    // KEYWORD, KEY_ANCHOR, BLOCK_END: no candidate starts inside one.
                }
            }
        }
        boolean[] breaks = new boolean[256];
        boolean any = false;
        for (int b = 0; b < 256; b++) {
            breaks[b] = !held[b];
            any |= breaks[b];
        }
        return any ? breaks : null;
    }
}
