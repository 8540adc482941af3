package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.PatternDatabase;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.util.List;

/**
 * A direction's Hyperscan databases ({@link ExpressionPlacement}) and their scanners: the main
 * one; the key anchors' (null when there are none); and the context-only one, scanned over the
 * values that can have context (null when none), whose detectors' class bits are
 * {@code contextClasses}.
 */
record EngineDatabases(PatternDatabase main, StreamScanner scanner,
                       PatternDatabase anchors, StreamScanner anchorScanner,
                       PatternDatabase context, StreamScanner contextScanner, long contextClasses) implements AutoCloseable {

    /**
     * Compiles the databases {@code placed} says; throws Hyperscan's message (naming the failing
     * expression's id) when one does not compile, having freed those compiled before it.
     */
    static EngineDatabases compile(ExpressionPlacement placed) {
        PatternDatabase main = null;
        PatternDatabase anchors = null;
        try {
            main = database(placed, placed.main);
            anchors = placed.anchors.isEmpty() ? null : database(placed, placed.anchors);
            PatternDatabase context = placed.contextOnly.isEmpty() ? null : database(placed, placed.contextOnly);
            return new EngineDatabases(main, new StreamScanner(main),
                    anchors, anchors == null ? null : new StreamScanner(anchors),
                    context, context == null ? null : new StreamScanner(context), placed.contextClasses);
        } catch (RuntimeException e) {
            if (main != null) {
                main.close();
            }
            if (anchors != null) {
                anchors.close();
            }
            throw e;
        }
    }

    /** The expressions at {@code ids}, compiled with their table indexes as ids. */
    private static PatternDatabase database(ExpressionPlacement placed, List<Integer> ids) {
        return PatternDatabase.compile(placed.expressions(ids), ExpressionPlacement.array(ids));
    }

    @Override
    public void close() {
        main.close();
        if (anchors != null) {
            anchors.close();
        }
        if (context != null) {
            context.close();
        }
    }
}
