package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.PatternDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each expression of a direction's table is looked for. Class runs and digit shapes are
 * found by the session in Java ({@link ClassRun}, {@link DigitRuns}). The key anchors get a
 * database of their own: in the main one their long caseless alternation with optional
 * separators slowed the whole scan by a quarter, alone they scan at about 1 GB/s. Expressions
 * that count only under their detector's context get one too, scanned only over the values
 * that can have context ({@link ContextFeed}). Candidates led by a character class
 * ({@link #isClassLed}: an e-mail address, an IBAN, an IPv6 address, a phone number, a URL's
 * credentials) get a third: Hyperscan has no literal to look for first in them, and mixed with
 * the literal-led vendor tokens they made it run the whole main database as one automaton; the
 * two apart scanned the leak-dev values in two thirds of the time of the two together. The rest
 * is the main database. Every expression keeps its table index as its id, wherever it is placed.
 */
final class ExpressionPlacement {
    final List<Integer> main = new ArrayList<>();
    final List<Integer> classLed = new ArrayList<>();
    final List<Integer> anchors = new ArrayList<>();
    final List<Integer> contextOnly = new ArrayList<>();
    final List<Integer> runIds = new ArrayList<>();
    final List<ClassRun> runs = new ArrayList<>();
    final List<Integer> shapeIds = new ArrayList<>();
    final List<DigitShape> shapes = new ArrayList<>();
    /** The class bits of the detectors whose expressions are in the context-only database. */
    long contextClasses;

    private final List<TableExpression> table;

    private ExpressionPlacement(List<TableExpression> table) {
        this.table = table;
    }

    /**
     * Places {@code table}. {@code databasesApart} and {@code shapesInJava} are off only in tests,
     * which compare the engine against one with everything in the main database.
     */
    static ExpressionPlacement of(List<TableExpression> table, boolean databasesApart, boolean shapesInJava) {
        ExpressionPlacement p = new ExpressionPlacement(table);
        long others = table.stream().filter(e -> e.kind() != ExpressionKind.KEY_ANCHOR).count();
        long free = table.stream().filter(e -> e.kind() != ExpressionKind.KEY_ANCHOR && !e.needsContext()).count();
        for (int i = 0; i < table.size(); i++) {
            TableExpression e = table.get(i);
            String regex = e.expression().regex();
            ClassRun run = e.plainCandidate() ? ClassRun.fromRegex(regex) : null;
            DigitShape shape = e.plainCandidate() && shapesInJava && !e.needsContext() ? DigitShape.fromRegex(regex) : null;
            // The databases keep at least one expression other than a key anchor.
            if (run != null && others - p.runs.size() > 1) {
                p.runIds.add(i);
                p.runs.add(run);
            } else if (shape != null && p.shapes.size() < DigitShapeSet.MAX_SHAPES) {
                p.shapeIds.add(i);
                p.shapes.add(shape);
            } else if (databasesApart && e.kind() == ExpressionKind.CANDIDATE && e.needsContext() && free > 0) {
                p.contextOnly.add(i);
                p.contextClasses |= e.classBit();
            } else if (databasesApart && e.kind() == ExpressionKind.CANDIDATE && isClassLed(regex)) {
                p.classLed.add(i);
            } else if (e.kind() == ExpressionKind.KEY_ANCHOR && others > 0) {
                p.anchors.add(i);
            } else {
                p.main.add(i);
            }
        }
        if (p.main.isEmpty() && !p.classLed.isEmpty()) {
            // Streams open on the main database: it keeps one expression.
            p.main.add(p.classLed.removeLast());
        }
        if (p.main.isEmpty() && !p.shapes.isEmpty()) {
            int last = p.shapes.size() - 1;
            p.main.add(p.shapeIds.remove(last));
            p.shapes.remove(last);
        }
        return p;
    }

    /**
     * Whether {@code regex} opens with a character class, after at most a word boundary and one
     * literal byte ({@code [A-Za-z0-9._%+'\\-]@…}, {@code \\b[A-Z]{2}…}, {@code \\+[1-9]…}):
     * Hyperscan then has no literal of two bytes or more to look for before it.
     */
    static boolean isClassLed(String regex) {
        int i = regex.startsWith("\\b") ? 2 : 0;
        if (opensClass(regex, i)) {
            return true;
        }
        int afterByte = literalByteEnd(regex, i);
        return afterByte > 0 && opensClass(regex, afterByte);
    }

    private static boolean opensClass(String regex, int i) {
        return regex.startsWith("[", i) || regex.startsWith(".", i)
                || i + 1 < regex.length() && regex.charAt(i) == '\\' && "dwsDWS".indexOf(regex.charAt(i + 1)) >= 0;
    }

    /** Where one literal byte at {@code i} ends ({@code x}, {@code \\+}), or -1 when none starts there. */
    private static int literalByteEnd(String regex, int i) {
        if (i >= regex.length()) {
            return -1;
        }
        char c = regex.charAt(i);
        if (c == '\\') {
            return i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1)) ? i + 2 : -1;
        }
        return "[](){}.^$|?*+".indexOf(c) < 0 && c < 0x80 ? i + 1 : -1;
    }

    /** The expressions at {@code ids}, in order. */
    List<PatternDatabase.Expression> expressions(List<Integer> ids) {
        return ids.stream().map(i -> table.get(i).expression()).toList();
    }

    /** Every expression outside the context-only database, Hyperscan's or Java's. */
    List<PatternDatabase.Expression> outsideContext() {
        List<PatternDatabase.Expression> all = new ArrayList<>(expressions(main));
        all.addAll(expressions(classLed));
        all.addAll(expressions(anchors));
        all.addAll(expressions(runIds));
        all.addAll(expressions(shapeIds));
        return all;
    }

    static int[] array(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
