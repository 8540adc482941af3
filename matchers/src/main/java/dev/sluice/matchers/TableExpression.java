package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.PatternDatabase;

/**
 * One row of a direction's expression table: an expression as Hyperscan compiles it, and what a
 * match of it means to a session. Its index in the table is its Hyperscan id, whichever database
 * (or Java scan) it ends up in ({@link ExpressionPlacement}).
 *
 * @param expression   the regular expression and its flags
 * @param kind         what a match stands for
 * @param owner        the detector it belongs to; null for key anchors and the placeholder
 * @param classBit     the owner's context class bit ({@link MatchEngine#classBit}), 0 without one
 * @param needsContext whether a candidate counts only under its detector's context
 * @param trim         what is cut off the ends of a candidate's span
 * @param fixedWidth   the match length when every match has it (the start is then the end
 *                     less it), else -1
 * @param startWalk    how the session finds the start from the end, or null
 */
record TableExpression(PatternDatabase.Expression expression, ExpressionKind kind, Detector owner, long classBit,
                       boolean needsContext, PatternSpec.Trim trim, int fixedWidth, StartWalk startWalk) {

    /**
     * A detector's pattern. Start-of-match tracking is costly in streaming mode: where the
     * session can tell the start from the end (a fixed width, or a start walk), Hyperscan is
     * not asked to track it.
     */
    static TableExpression pattern(Detector owner, long classBit, PatternSpec p) {
        ExpressionKind kind = switch (p.role()) {
            case MATCH -> owner.valueMode() == ValueMode.WHOLE ? ExpressionKind.TRIGGER : ExpressionKind.CANDIDATE;
            case BEGIN -> ExpressionKind.BLOCK_BEGIN;
            case END -> ExpressionKind.BLOCK_END;
        };
        boolean needsStart = kind != ExpressionKind.TRIGGER && kind != ExpressionKind.BLOCK_END;
        int width = needsStart && p.start() == null ? PatternDatabase.fixedWidth(p.regex()) : -1;
        boolean trackStart = needsStart && width < 0 && p.start() == null;
        return new TableExpression(new PatternDatabase.Expression(p.regex(), p.caseless(), trackStart), kind, owner,
                classBit, p.needsContext(), p.trim(), width, p.start());
    }

    /** A context keyword of {@code owner}'s rule, matched without regard to case. */
    static TableExpression keyword(Detector owner, long classBit, String keyword) {
        return new TableExpression(new PatternDatabase.Expression(keyword, true, false), ExpressionKind.KEYWORD, owner,
                classBit, false, PatternSpec.Trim.NONE, -1, null);
    }

    /** A key in free text ({@link ExpressionKind#KEY_ANCHOR}), matched without regard to case. */
    static TableExpression keyAnchor(String regex) {
        return new TableExpression(new PatternDatabase.Expression(regex, true, false), ExpressionKind.KEY_ANCHOR, null,
                0L, false, PatternSpec.Trim.NONE, -1, null);
    }

    /** What a catalog with nothing for a direction compiles, so that streams can open: never matches. */
    static TableExpression placeholder() {
        return new TableExpression(new PatternDatabase.Expression("\\x00\\x01\\x02\\x03never", false, false),
                ExpressionKind.KEYWORD, null, 0L, false, PatternSpec.Trim.NONE, -1, null);
    }

    /** A candidate Hyperscan would match case-sensitively: only such can be looked for in Java. */
    boolean plainCandidate() {
        return kind == ExpressionKind.CANDIDATE && !expression.caseless();
    }
}
