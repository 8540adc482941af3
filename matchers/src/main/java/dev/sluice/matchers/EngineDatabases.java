package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.PatternDatabase;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.util.ArrayList;
import java.util.List;

/**
 * A direction's Hyperscan databases ({@link ExpressionPlacement}) and their scanners: the main
 * one; the class-led candidates' (null when there are none); the key anchors' (null when there
 * are none); and the context-only one, scanned over the values that can have context (null when
 * none), whose detectors' class bits are {@code contextClasses} and whose matches span at most
 * {@code contextReach} bytes (-1: some have no bound).
 */
record EngineDatabases(PatternDatabase main, StreamScanner scanner,
                       PatternDatabase classLed, StreamScanner classLedScanner,
                       PatternDatabase anchors, StreamScanner anchorScanner,
                       PatternDatabase context, StreamScanner contextScanner, long contextClasses,
                       int contextReach) implements AutoCloseable {

    /**
     * Compiles the databases {@code placed} says; throws Hyperscan's message (naming the failing
     * expression's id) when one does not compile, having freed those compiled before it.
     */
    static EngineDatabases compile(ExpressionPlacement placed) {
        List<PatternDatabase> compiled = new ArrayList<>();
        try {
            // Streams open on the main database: placement never leaves it empty.
            PatternDatabase main = database(placed, placed.main);
            compiled.add(main);
            PatternDatabase classLed = optional(placed, placed.classLed, compiled);
            PatternDatabase anchors = optional(placed, placed.anchors, compiled);
            PatternDatabase context = optional(placed, placed.contextOnly, compiled);
            return new EngineDatabases(main, new StreamScanner(main), classLed, scanner(classLed), anchors,
                    scanner(anchors), context, scanner(context), placed.contextClasses, widestMatch(placed.expressions(placed.contextOnly)));
        } catch (RuntimeException e) {
            compiled.forEach(PatternDatabase::close);
            throw e;
        }
    }

    /**
     * The most bytes a match of one of {@code exprs} spans, read from the expressions themselves
     * (hs_expression_info's max_width), not from their detectors' declared {@code max_length}
     * (MatchReach.longestMatch); -1 when one has no bound.
     */
    private static int widestMatch(List<PatternDatabase.Expression> exprs) {
        int longest = 0;
        for (PatternDatabase.Expression e : exprs) {
            int w = PatternDatabase.maxWidth(e.regex());
            if (w < 0) {
                return -1;
            }
            longest = Math.max(longest, w);
        }
        return longest;
    }

    private static StreamScanner scanner(PatternDatabase db) {
        return db == null ? null : new StreamScanner(db);
    }

    /** The expressions at {@code ids} compiled and added to {@code compiled}; null when there are none. */
    private static PatternDatabase optional(ExpressionPlacement placed, List<Integer> ids, List<PatternDatabase> compiled) {
        if (ids.isEmpty()) {
            return null;
        }
        PatternDatabase db = database(placed, ids);
        compiled.add(db);
        return db;
    }

    /** The expressions at {@code ids}, compiled with their table indexes as ids. */
    private static PatternDatabase database(ExpressionPlacement placed, List<Integer> ids) {
        return PatternDatabase.compile(placed.expressions(ids), ExpressionPlacement.array(ids));
    }

    @Override
    public void close() {
        for (PatternDatabase db : new PatternDatabase[] {main, classLed, anchors, context}) {
            if (db != null) {
                db.close();
            }
        }
    }
}
