package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.PatternDatabase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The compiled form of a {@link DetectorCatalog}: one Hyperscan streaming database per
 * direction (attack signatures only run on requests), the expression table that says what
 * each match means, and the key classifier. Thread-safe and shared; each body gets its own
 * {@link ScanSession} from {@link #newSession}.
 */
public final class MatchEngine implements AutoCloseable {
    /**
     * How far back a block detector's match can reach before its begin marker is reported: the
     * longest begin marker accounted for. Once reported, the block's start is held by the session
     * (open blocks), so a block's whole {@code max_length} (16 KiB for a private key) need not
     * hold back a rewriting session's long text values.
     */
    static final int BLOCK_MARKER_REACH = 1024;
    /** Identifier characters a key in free text may consist of. */
    private static final String KEY_CHARS = "[A-Za-z0-9_.\\-\\[\\]]";
    /**
     * What may part the letters of a vocabulary word in a {@code key: value} anchor. No blank: an
     * optional blank after every letter kept an automaton state alive at every space of prose (2.4
     * times the words' cost on ordinary text); a word written as two ({@code API key}) has
     * expressions of its own, literals Hyperscan looks for (twoWordSpellings), and the session
     * reads the last two words as the key when the last names nothing (ScanSession.keyAnchor,
     * KeyPhraseTest, bench/RESULTS.md "Session 55").
     */
    private static final String WORD_SEPARATORS = "[_.\\-]?";
    /**
     * What may part them inside a {@code <Key>} anchor, where the blank stays ({@code <api key>}): one
     * expression, led by its '<', which costs little.
     */
    private static final String TAG_SEPARATORS = "[_.\\- ]?";
    /** The shortest context word whose letters may be parted ({@code api_key}, {@code API key}); shorter ones are matched as written. */
    private static final int SEPARABLE_WORD = 5;
    /**
     * What may follow a context word before the separator, one blank apart: {@code key}
     * ({@code Secret key: …}) or a verb the session reads past ({@link KeyAnchors#VERBS}).
     */
    private static final String NEXT_WORD = "(?: key| " + String.join("| ", KeyAnchors.VERBS) + ")?";
    /** What follows a key in an anchor: a closing quote or bracket, blanks, the separator, the value's opening quote. */
    private static final String ANCHOR_TAIL = "[\"'\\]]?[ \\t]{0,32}(?:=>|:=|[:=])[ \\t]{0,3}[\"']?";

    private final DetectorCatalog catalog;
    private final List<Detector> detectors;
    private final KeyClassifier classifier;
    private final Detector[] classDetector;
    private final Map<Direction, Compiled> compiled = new EnumMap<>(Direction.class);
    private final ValueHasher hasher;
    /**
     * Whether context-only expressions (ContextFeed) and class-led candidates get databases of
     * their own; off only in tests.
     */
    private final boolean databasesApart;
    /** Whether digit shapes are found in Java (DigitRuns); off only in tests. */
    private final boolean shapesInJava;

    private MatchEngine(DetectorCatalog catalog, ValueHasher hasher, boolean databasesApart, boolean shapesInJava) {
        this.catalog = catalog;
        this.databasesApart = databasesApart;
        this.shapesInJava = shapesInJava;
        this.detectors = catalog.all();
        this.hasher = hasher;
        List<ContextRule> rules = new ArrayList<>();
        List<Detector> withContext = new ArrayList<>();
        for (Detector d : detectors) {
            if (d.context() != null) {
                rules.add(d.context());
                withContext.add(d);
            }
        }
        this.classifier = new KeyClassifier(rules);
        this.classDetector = withContext.toArray(new Detector[0]);
        try {
            for (Direction dir : Direction.values()) {
                compiled.put(dir, compile(dir));
            }
        } catch (RuntimeException e) {
            close(); // the directions compiled before the one that failed
            throw e;
        }
    }

    /** Compiles {@code catalog}; throws with the detector and pattern when one does not compile. */
    public static MatchEngine compile(DetectorCatalog catalog, ValueHasher hasher) {
        return new MatchEngine(catalog, hasher, true, true);
    }

    /**
     * As {@link #compile}, with every expression that needs context and every class-led
     * candidate in the main database: the reference the context feed and the class-led database
     * are tested against.
     */
    static MatchEngine compileWithOneDatabase(DetectorCatalog catalog, ValueHasher hasher) {
        return new MatchEngine(catalog, hasher, false, true);
    }

    /** As {@link #compile}, with the digit shapes in the main database: the reference DigitRuns is tested against. */
    static MatchEngine compileWithShapesInHyperscan(DetectorCatalog catalog, ValueHasher hasher) {
        return new MatchEngine(catalog, hasher, true, false);
    }

    /** The built-in catalog with a random per-process hash key. */
    public static MatchEngine builtin() {
        return compile(DetectorCatalog.builtin(), ValueHasher.random());
    }

    public DetectorCatalog catalog() {
        return catalog;
    }

    /** Opens a session for one body travelling in {@code direction}; close it when done. */
    public ScanSession newSession(Direction direction, MatchListener listener) {
        return new ScanSession(compiled.get(direction), listener, new Continuations());
    }

    /**
     * A session for the next body of a sequence whose sessions share {@code continuations}
     * (see {@link Continuations}): a match it grows from a finding an earlier body reported is
     * not reported again.
     */
    public ScanSession newSession(Direction direction, MatchListener listener, Continuations continuations) {
        continuations.enable(); // the first body's findings are what the next bodies' matches grow from
        return new ScanSession(compiled.get(direction), listener, continuations);
    }

    @Override
    public void close() {
        compiled.values().forEach(c -> c.databases().close());
    }

    KeyClassifier classifier() {
        return classifier;
    }

    Compiled compiled(Direction direction) {
        return compiled.get(direction);
    }

    private Compiled compile(Direction dir) {
        List<TableExpression> table = expressionTable(dir);
        ExpressionPlacement placed = ExpressionPlacement.of(table, databasesApart, shapesInJava);
        EngineDatabases databases;
        try {
            databases = EngineDatabases.compile(placed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describeFailure(e.getMessage(), table), e);
        }
        JavaScans java = new JavaScans(ExpressionPlacement.array(placed.runIds), placed.runs.toArray(new ClassRun[0]),
                ExpressionPlacement.array(placed.shapeIds), new DigitShapeSet(placed.shapes));
        int shortestNumber = shortestNumber(placed.outsideContext(),
                NumberReach.shortest(java.runs(), java.shapes(), databases.scanner(), databases.classLedScanner(),
                        databases.anchorScanner()));
        // The catalog's shortest is the smaller of the two parts': each part is tried once.
        int shortestContextNumber = Math.min(shortestNumber, shortestNumber(placed.expressions(placed.contextOnly),
                NumberReach.shortest(new ClassRun[0], DigitShapeSet.EMPTY, databases.contextScanner())));
        MatchReach reach = new MatchReach(shortestNumber, shortestContextNumber, longestMatch(dir) + 2,
                widestProximity(dir), MatchBreaks.of(table));
        long wholeClasses = classesOf(dir, d -> d.valueMode() == ValueMode.WHOLE);
        long sameObjectClasses = classesOf(dir, d -> d.context() != null && d.context().sameObject());
        return new Compiled(dir, databases, ExpressionTable.of(table), java, reach, wholeClasses, sameObjectClasses,
                classifier, classDetector, hasher);
    }

    /**
     * The direction's expressions, each at the index that is its id: every pattern of the
     * detectors that inspect it, their context keywords, then the key anchors; a never-matching
     * placeholder when that leaves nothing.
     */
    private List<TableExpression> expressionTable(Direction dir) {
        List<TableExpression> table = new ArrayList<>();
        for (Detector d : detectors) {
            if (!d.inspects(dir)) {
                continue;
            }
            long bit = classBit(d);
            for (PatternSpec p : d.patterns()) {
                table.add(TableExpression.pattern(d, bit, p));
            }
            if (d.context() != null) {
                for (String kw : d.context().keywords()) {
                    table.add(TableExpression.keyword(d, bit, kw));
                }
            }
        }
        Set<String> vocabulary = vocabularyWords(dir);
        List<String> words = keyVocabulary(vocabulary, WORD_SEPARATORS);
        if (!words.isEmpty()) {
            String vocab = String.join("|", keyVocabulary(vocabulary, TAG_SEPARATORS));
            // Only what follows the vocabulary word is matched: the session walks back from the
            // match end to the key's start (ScanSession.anchorStart).
            // Blanks before the separator: up to a column's worth, as aligned Ruby, Perl and PHP
            // hashes write them (":password       => '...'"); ':=' is Go's and Make's assignment.
            // One expression per word: Hyperscan takes each apart into literal pieces it can look
            // for, where one alternation of all the words, each letter followed by an optional
            // separator, left it an automaton to run over every byte, at 3.7 times the cost. The
            // words' expressions report the same ends as the alternation did; an end two words
            // share is handled once (ScanSession.keyAnchor).
            // A word may be followed by one more word of the key's phrase ("Secret key: ...") or by
            // a verb ("Your password is: ..."), and a word of five letters or more may be written
            // as two ("API key: ..."): the session reads such a phrase when its last word names
            // nothing (ScanSession.keyAnchor). The two-word spellings are literals, one expression
            // per word, which Hyperscan looks for as it looks for the words.
            for (String word : words) {
                table.add(TableExpression.keyAnchor(word + KEY_CHARS + "{0,40}" + NEXT_WORD + ANCHOR_TAIL));
            }
            for (String spelled : twoWordSpellings(vocabulary)) {
                table.add(TableExpression.keyAnchor(spelled + KEY_CHARS + "{0,40}" + ANCHOR_TAIL));
            }
            table.add(TableExpression.keyAnchor("<[A-Za-z0-9_.:\\-]{0,40}(?:" + vocab + ")[A-Za-z0-9_.:\\-]{0,40}>"));
            table.add(TableExpression.keyAnchor("\\bbearer[ \\t]{1,3}"));
            // A netrc entry (curl's, git's, ftp's credentials file): "machine HOST login USER password PW",
            // on one line or several, the password named by the word before it.
            table.add(TableExpression.keyAnchor("\\bmachine[ \\t]+[^ \\t\\r\\n\\x00]{1,128}[ \\t\\r\\n]+login[ \\t]+"
                    + "[^ \\t\\r\\n\\x00]{1,128}[ \\t\\r\\n]+password[ \\t]+"));
            // Authorization: Basic <credentials>: the scheme names the value after it, as Bearer does.
            table.add(TableExpression.keyAnchor("\\bbasic[ \\t]{1,3}"));
            // An element named by one attribute and valued by the next, in markup read as text:
            // <add key="ApiKey" value="...">, <property name="password" value="..."/>. The
            // session reads the key out of the naming attribute (KeyAnchors.namingAttribute).
            table.add(TableExpression.keyAnchor(
                    "\\b(?:name|key|property)[ \\t]*=[ \\t]*[\"'][^\"'<>\\n]{1,80}[\"'][ \\t]+(?:value|content)[ \\t]*=[ \\t]*[\"']"));
        }
        if (table.isEmpty()) {
            table.add(TableExpression.placeholder());
        }
        return table;
    }

    /** The context class bits of the direction's detectors that {@code which} accepts. */
    private long classesOf(Direction dir, Predicate<Detector> which) {
        long classes = 0;
        for (Detector d : detectors) {
            if (d.inspects(dir) && which.test(d)) {
                classes |= classBit(d);
            }
        }
        return classes;
    }

    /**
     * How far back a match still to be reported can reach: the largest {@code max_length}. A
     * block's start is kept from its begin marker on (OpenBlocks): what a scan must look back
     * for is only a marker not yet reported whole.
     */
    private int longestMatch(Direction dir) {
        int longest = 0;
        for (Detector d : detectors) {
            if (d.inspects(dir)) {
                longest = Math.max(longest,
                        d.valueMode() == ValueMode.BLOCK ? Math.min(d.maxLength(), BLOCK_MARKER_REACH) : d.maxLength());
            }
        }
        return longest;
    }

    /** How far back a context rule of the direction's detectors reaches. */
    private int widestProximity(Direction dir) {
        int widest = 0;
        for (Detector d : detectors) {
            if (d.inspects(dir) && d.context() != null) {
                widest = Math.max(widest, d.context().proximity());
            }
        }
        return widest;
    }

    /**
     * The length below which no JSON number matches one of {@code exprs}: what trying every
     * short number found ({@code tried}: exact when it is at most NumberReach.MAX_TRIED), else the
     * larger of that and what reading the expressions shows (NumberFactors, a lower bound).
     */
    private static int shortestNumber(List<PatternDatabase.Expression> exprs, int tried) {
        if (tried <= NumberReach.MAX_TRIED) {
            return tried;
        }
        int read = NumberFactors.NEVER;
        for (PatternDatabase.Expression e : exprs) {
            read = Math.min(read, NumberFactors.shortest(e.regex(), e.caseless()));
        }
        return Math.max(tried, read);
    }

    private static String describeFailure(String msg, List<TableExpression> table) {
        try {
            int idx = Integer.parseInt(msg.substring("pattern ".length(), msg.indexOf(' ', "pattern ".length())));
            Detector d = idx >= 0 && idx < table.size() ? table.get(idx).owner() : null;
            return d == null ? msg : "detector '" + d.id() + "': " + msg;
        } catch (RuntimeException ignored) {
            return msg;
        }
    }

    private long classBit(Detector d) {
        return classBit(classDetector, d);
    }

    /** The context class bit of {@code d} among {@code classDetector}, 0 when it has no context rule. */
    static long classBit(Detector[] classDetector, Detector d) {
        for (int i = 0; i < classDetector.length; i++) {
            if (classDetector[i] == d) {
                return 1L << i;
            }
        }
        return 0;
    }

    /**
     * Every word the context rules name, each as a case-insensitive pattern in which a word of
     * five letters or more may carry one of {@code separators} between letters ({@code api_key},
     * {@code API-KEY} and {@code apiKey} all name {@code apikey}). Only a prefilter: the key
     * found in text is classified by the rules themselves.
     */
    private static List<String> keyVocabulary(Set<String> vocabulary, String separators) {
        List<String> patterns = new ArrayList<>();
        for (String w : vocabulary) {
            if (w.length() < SEPARABLE_WORD) {
                patterns.add(w);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < w.length(); i++) {
                    if (i > 0) {
                        sb.append(separators);
                    }
                    sb.append(w.charAt(i));
                }
                patterns.add(sb.toString());
            }
        }
        return patterns;
    }

    /** Every word the context rules of the direction's detectors name, normalized, in catalog order. */
    private Set<String> vocabularyWords(Direction dir) {
        Set<String> words = new LinkedHashSet<>();
        for (Detector d : detectors) {
            if (d.context() != null && d.inspects(dir)) {
                words.addAll(d.context().equals());
                words.addAll(d.context().contains());
                words.addAll(d.context().endsWith());
            }
        }
        return words;
    }

    /**
     * Each word of five letters or more written as two, parted by one blank at any of its inner
     * places, as one alternation of literals per word ({@code (?:a pikey|ap ikey|api key|apik ey|apike y)}).
     */
    private static List<String> twoWordSpellings(Set<String> vocabulary) {
        List<String> spellings = new ArrayList<>();
        for (String w : vocabulary) {
            if (w.length() >= SEPARABLE_WORD) {
                StringBuilder sb = new StringBuilder("(?:");
                for (int i = 1; i < w.length(); i++) {
                    sb.append(i > 1 ? "|" : "").append(w, 0, i).append(' ').append(w, i, w.length());
                }
                spellings.add(sb.append(')').toString());
            }
        }
        return spellings;
    }

    /**
     * Everything a session of one direction needs, immutable and shared: its databases, what
     * each expression id means, the expressions found in Java, how far matches reach, the class
     * bits of its whole-value detectors ({@code wholeClasses}) and of those whose context reaches
     * an object's earlier members ({@code sameObjectClasses}), the key classifier and the
     * detector of each context class bit.
     */
    record Compiled(Direction direction, EngineDatabases databases, ExpressionTable table, JavaScans java,
                    MatchReach reach, long wholeClasses, long sameObjectClasses, KeyClassifier classifier,
                    Detector[] classDetector, ValueHasher hasher) {

        /** The context class bit of {@code d}, 0 when it has no context rule. */
        long contextBit(Detector d) {
            return classBit(classDetector, d);
        }
    }
}
