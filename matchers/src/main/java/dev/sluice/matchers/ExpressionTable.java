package dev.sluice.matchers;

import java.util.List;

/**
 * What a match of each expression id means, read by the session for every match: arrays indexed
 * by id rather than one object per expression, so a match reads only what it needs.
 *
 * @param kinds        what a match stands for
 * @param owners       the detector each belongs to (null for key anchors)
 * @param classes      the owner's context class bit (0 without a context rule)
 * @param needsContext whether a candidate counts only under its detector's context
 * @param trim         what is cut off the ends of a candidate's span
 * @param fixedWidth   the match length when fixed, else -1
 * @param startWalks   how the start is found from the end, else null; with neither, Hyperscan
 *                     reports the start
 */
record ExpressionTable(ExpressionKind[] kinds, Detector[] owners, long[] classes, boolean[] needsContext,
                       PatternSpec.Trim[] trim, int[] fixedWidth, StartWalk[] startWalks) {

    static ExpressionTable of(List<TableExpression> rows) {
        boolean[] needsContext = new boolean[rows.size()];
        for (int i = 0; i < needsContext.length; i++) {
            needsContext[i] = rows.get(i).needsContext();
        }
        return new ExpressionTable(rows.stream().map(TableExpression::kind).toArray(ExpressionKind[]::new),
                rows.stream().map(TableExpression::owner).toArray(Detector[]::new),
                rows.stream().mapToLong(TableExpression::classBit).toArray(), needsContext,
                rows.stream().map(TableExpression::trim).toArray(PatternSpec.Trim[]::new),
                rows.stream().mapToInt(TableExpression::fixedWidth).toArray(),
                rows.stream().map(TableExpression::startWalk).toArray(StartWalk[]::new));
    }
}
