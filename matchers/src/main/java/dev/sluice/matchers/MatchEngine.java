package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.PatternDatabase;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled form of a {@link DetectorCatalog}: one Hyperscan streaming database per
 * direction (attack signatures only run on requests), the expression table that says what
 * each match means, and the key classifier. Thread-safe and shared; each body gets its own
 * {@link ScanSession} from {@link #newSession}.
 */
public final class MatchEngine implements AutoCloseable {
    /** Identifier characters a key in free text may consist of. */
    /**
     * How far back a block detector's match can reach before its begin marker is reported: the
     * longest begin marker accounted for. Once reported, the block's start is held by the session
     * (open blocks), so a block's whole {@code max_length} (16 KiB for a private key) need not
     * hold back a rewriting session's long text values.
     */
    static final int BLOCK_MARKER_REACH = 1024;
    private static final String KEY_CHARS = "[A-Za-z0-9_.\\-\\[\\]]";

    private final DetectorCatalog catalog;
    private final List<Detector> detectors;
    private final KeyClassifier classifier;
    private final Detector[] classDetector;
    private final Map<Direction, Compiled> compiled = new EnumMap<>(Direction.class);
    private final ValueHasher hasher;
    /** Whether context-only expressions get a database of their own (ContextFeed); off only in tests. */
    private final boolean contextApart;
    /** Whether digit shapes are found in Java (DigitRuns); off only in tests. */
    private final boolean shapesInJava;

    private MatchEngine(DetectorCatalog catalog, ValueHasher hasher, boolean contextApart, boolean shapesInJava) {
        this.catalog = catalog;
        this.contextApart = contextApart;
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
        for (Direction dir : Direction.values()) {
            compiled.put(dir, compile(dir));
        }
    }

    /** Compiles {@code catalog}; throws with the detector and pattern when one does not compile. */
    public static MatchEngine compile(DetectorCatalog catalog, ValueHasher hasher) {
        return new MatchEngine(catalog, hasher, true, true);
    }

    /** As {@link #compile}, with every expression that needs context in the main database: the reference the feed is tested against. */
    static MatchEngine compileWithoutContextFeed(DetectorCatalog catalog, ValueHasher hasher) {
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
        compiled.values().forEach(c -> {
            c.database.close();
            if (c.anchorDatabase != null) {
                c.anchorDatabase.close();
            }
            if (c.contextDatabase != null) {
                c.contextDatabase.close();
            }
        });
    }

    KeyClassifier classifier() {
        return classifier;
    }

    Compiled compiled(Direction direction) {
        return compiled.get(direction);
    }

    private Compiled compile(Direction dir) {
        List<PatternDatabase.Expression> exprs = new ArrayList<>();
        List<ExpressionKind> kinds = new ArrayList<>();
        List<Detector> owners = new ArrayList<>();
        List<Long> classes = new ArrayList<>();
        List<Boolean> needsContext = new ArrayList<>();
        List<PatternSpec.Trim> trims = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        List<StartWalk> walks = new ArrayList<>();
        long wholeClasses = 0;
        for (Detector d : detectors) {
            if (!d.inspects(dir)) {
                continue;
            }
            long bit = classBit(d);
            if (d.valueMode() == ValueMode.WHOLE) {
                wholeClasses |= bit;
            }
            for (PatternSpec p : d.patterns()) {
                ExpressionKind kind = switch (p.role()) {
                    case MATCH -> d.valueMode() == ValueMode.WHOLE ? ExpressionKind.TRIGGER : ExpressionKind.CANDIDATE;
                    case BEGIN -> ExpressionKind.BLOCK_BEGIN;
                    case END -> ExpressionKind.BLOCK_END;
                };
                // Start-of-match tracking is costly in streaming mode; where the session can tell
                // the start from the end (fixed width, or a start walk), Hyperscan does not track it.
                boolean needsStart = kind != ExpressionKind.TRIGGER && kind != ExpressionKind.BLOCK_END;
                int width = needsStart && p.start() == null ? PatternDatabase.fixedWidth(p.regex()) : -1;
                exprs.add(new PatternDatabase.Expression(p.regex(), p.caseless(),
                        needsStart && width < 0 && p.start() == null));
                widths.add(width);
                walks.add(p.start());
                kinds.add(kind);
                owners.add(d);
                classes.add(bit);
                needsContext.add(p.needsContext());
                trims.add(p.trim());
            }
            if (d.context() != null) {
                for (String kw : d.context().keywords()) {
                    exprs.add(new PatternDatabase.Expression(kw, true, false));
                    widths.add(-1);
                    walks.add(null);
                    kinds.add(ExpressionKind.KEYWORD);
                    owners.add(d);
                    classes.add(bit);
                    needsContext.add(false);
                    trims.add(PatternSpec.Trim.NONE);
                }
            }
        }
        String vocab = keyVocabulary(dir);
        if (!vocab.isEmpty()) {
            // Only what follows the vocabulary word is matched: the session walks back from the
            // match end to the key's start (ScanSession.anchorStart).
            for (int i = 0; i < 5; i++) {
                widths.add(-1);
                walks.add(null);
            }
            addAnchor(exprs, kinds, owners, classes, needsContext, trims,
                    "(?:" + vocab + ")" + KEY_CHARS + "{0,40}[\"'\\]]?[ \\t]{0,3}(?:=>|[:=])[ \\t]{0,3}[\"']?");
            addAnchor(exprs, kinds, owners, classes, needsContext, trims,
                    "<[A-Za-z0-9_.:\\-]{0,40}(?:" + vocab + ")[A-Za-z0-9_.:\\-]{0,40}>");
            addAnchor(exprs, kinds, owners, classes, needsContext, trims, "\\bbearer[ \\t]{1,3}");
            // Authorization: Basic <credentials>: the scheme names the value after it, as Bearer does.
            addAnchor(exprs, kinds, owners, classes, needsContext, trims, "\\bbasic[ \\t]{1,3}");
            // An element named by one attribute and valued by the next, in markup read as text:
            // <add key="ApiKey" value="...">, <property name="password" value="..."/>. The
            // session reads the key out of the naming attribute (KeyAnchors.namingAttribute).
            addAnchor(exprs, kinds, owners, classes, needsContext, trims,
                    "\\b(?:name|key|property)[ \\t]*=[ \\t]*[\"'][^\"'<>\\n]{1,80}[\"'][ \\t]+(?:value|content)[ \\t]*=[ \\t]*[\"']");
        }
        if (exprs.isEmpty()) {
            // A catalog with nothing for this direction still needs a database to open streams on.
            exprs.add(new PatternDatabase.Expression("\\x00\\x01\\x02\\x03never", false, false));
            widths.add(-1);
            walks.add(null);
            kinds.add(ExpressionKind.KEYWORD);
            owners.add(null);
            classes.add(0L);
            needsContext.add(false);
            trims.add(PatternSpec.Trim.NONE);
        }
        // Class runs are found by the session in Java. The key anchors get a database of their
        // own: in the main one their long caseless alternation with optional separators slowed
        // the whole scan by a quarter, alone they scan at about 1 GB/s. Ids stay the same.
        List<PatternDatabase.Expression> main = new ArrayList<>();
        List<Integer> mainIds = new ArrayList<>();
        List<PatternDatabase.Expression> anchors = new ArrayList<>();
        List<Integer> anchorIds = new ArrayList<>();
        List<PatternDatabase.Expression> contextOnly = new ArrayList<>();
        List<Integer> contextIds = new ArrayList<>();
        long contextClasses = 0;
        List<Integer> runIds = new ArrayList<>();
        List<ClassRun> runs = new ArrayList<>();
        List<Integer> shapeIds = new ArrayList<>();
        List<DigitShape> shapes = new ArrayList<>();
        long others = kinds.stream().filter(x -> x != ExpressionKind.KEY_ANCHOR).count();
        long free = 0;
        for (int i = 0; i < exprs.size(); i++) {
            free += kinds.get(i) != ExpressionKind.KEY_ANCHOR && !needsContext.get(i) ? 1 : 0;
        }
        for (int i = 0; i < exprs.size(); i++) {
            PatternDatabase.Expression e = exprs.get(i);
            boolean plain = kinds.get(i) == ExpressionKind.CANDIDATE && !e.caseless();
            ClassRun run = plain ? ClassRun.fromRegex(e.regex()) : null;
            DigitShape shape = plain && shapesInJava && !needsContext.get(i) ? DigitShape.fromRegex(e.regex()) : null;
            if (run != null && others - runs.size() > 1) {
                runIds.add(i);
                runs.add(run);
            } else if (shape != null && shapes.size() < DigitShapeSet.MAX_SHAPES) {
                shapeIds.add(i);
                shapes.add(shape);
            } else if (contextApart && kinds.get(i) == ExpressionKind.CANDIDATE && needsContext.get(i) && free > 0) {
                // Context-only expressions run over the values that can have context (ContextFeed).
                contextOnly.add(e);
                contextIds.add(i);
                contextClasses |= classes.get(i);
            } else if (kinds.get(i) == ExpressionKind.KEY_ANCHOR && others > 0) {
                anchors.add(e);
                anchorIds.add(i);
            } else {
                main.add(e);
                mainIds.add(i);
            }
        }
        if (main.isEmpty() && !shapes.isEmpty()) {
            // Streams open on the main database: it keeps one expression.
            int last = shapes.size() - 1;
            main.add(exprs.get(shapeIds.get(last)));
            mainIds.add(shapeIds.remove(last));
            shapes.remove(last);
        }
        PatternDatabase db;
        PatternDatabase anchorDb = null;
        PatternDatabase contextDb = null;
        try {
            db = PatternDatabase.compile(main, mainIds.stream().mapToInt(Integer::intValue).toArray());
            if (!anchors.isEmpty()) {
                anchorDb = PatternDatabase.compile(anchors, anchorIds.stream().mapToInt(Integer::intValue).toArray());
            }
            if (!contextOnly.isEmpty()) {
                contextDb = PatternDatabase.compile(contextOnly, contextIds.stream().mapToInt(Integer::intValue).toArray());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describeFailure(e.getMessage(), owners), e);
        }
        int n = exprs.size();
        ExpressionKind[] k = kinds.toArray(new ExpressionKind[0]);
        Detector[] o = owners.toArray(new Detector[0]);
        long[] c = new long[n];
        boolean[] nc = new boolean[n];
        PatternSpec.Trim[] tr = new PatternSpec.Trim[n];
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = widths.get(i);
            c[i] = classes.get(i);
            nc[i] = needsContext.get(i);
            tr[i] = trims.get(i);
        }
        StreamScanner scanner = new StreamScanner(db);
        StreamScanner anchorScanner = anchorDb == null ? null : new StreamScanner(anchorDb);
        StreamScanner contextScanner = contextDb == null ? null : new StreamScanner(contextDb);
        ClassRun[] runArray = runs.toArray(new ClassRun[0]);
        List<PatternDatabase.Expression> outsideContext = new ArrayList<>(main);
        outsideContext.addAll(anchors);
        runIds.forEach(i -> outsideContext.add(exprs.get(i)));
        shapeIds.forEach(i -> outsideContext.add(exprs.get(i)));
        DigitShapeSet shapeSet = new DigitShapeSet(shapes);
        int shortestNumber = shortestNumber(outsideContext,
                NumberReach.shortest(runArray, shapeSet, scanner, anchorScanner));
        // The catalog's shortest is the smaller of the two parts': each part is tried once.
        int shortestContextNumber = Math.min(shortestNumber,
                shortestNumber(contextOnly, NumberReach.shortest(new ClassRun[0], DigitShapeSet.EMPTY, contextScanner)));
        int longestMatch = 0;
        int widestProximity = 0;
        for (Detector d : o) {
            if (d != null) {
                // A block's start is kept from its begin marker on (OpenBlocks): what a scan must
                // look back for is only a marker not yet reported whole.
                longestMatch = Math.max(longestMatch,
                        d.valueMode() == ValueMode.BLOCK ? Math.min(d.maxLength(), BLOCK_MARKER_REACH) : d.maxLength());
                widestProximity = d.context() == null ? widestProximity
                        : Math.max(widestProximity, d.context().proximity());
            }
        }
        return new Compiled(dir, db, scanner, anchorDb, anchorScanner, contextDb, contextScanner, contextClasses, k, o,
                c, nc, tr, w, walks.toArray(new StartWalk[0]), runIds.stream().mapToInt(Integer::intValue).toArray(),
                runArray, shapeIds.stream().mapToInt(Integer::intValue).toArray(), shapeSet, wholeClasses,
                shortestNumber, shortestContextNumber, longestMatch + 2, widestProximity,
                MatchBreaks.of(exprs, kinds, trims, walks), classifier, classDetector, hasher);
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

    private static void addAnchor(List<PatternDatabase.Expression> exprs, List<ExpressionKind> kinds,
                                  List<Detector> owners, List<Long> classes, List<Boolean> nc, List<PatternSpec.Trim> trims,
                                  String regex) {
        exprs.add(new PatternDatabase.Expression(regex, true, false));
        kinds.add(ExpressionKind.KEY_ANCHOR);
        owners.add(null);
        classes.add(0L);
        nc.add(false);
        trims.add(PatternSpec.Trim.NONE);
    }

    private static String describeFailure(String msg, List<Detector> owners) {
        try {
            int idx = Integer.parseInt(msg.substring("pattern ".length(), msg.indexOf(' ', "pattern ".length())));
            Detector d = idx >= 0 && idx < owners.size() ? owners.get(idx) : null;
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
     * Every word the context rules name, as a case-insensitive alternation in which words of
     * five letters or more may carry a separator between letters ({@code api_key},
     * {@code API-KEY} and {@code apiKey} all name {@code apikey}). Only a prefilter: the key
     * found in text is classified by the rules themselves.
     */
    private String keyVocabulary(Direction dir) {
        Set<String> words = new LinkedHashSet<>();
        for (Detector d : detectors) {
            if (d.context() != null && d.inspects(dir)) {
                words.addAll(d.context().equals());
                words.addAll(d.context().contains());
                words.addAll(d.context().endsWith());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            if (w.length() < 5) {
                sb.append(w);
            } else {
                for (int i = 0; i < w.length(); i++) {
                    if (i > 0) {
                        sb.append("[_.\\- ]?");
                    }
                    sb.append(w.charAt(i));
                }
            }
        }
        return sb.toString();
    }

    /**
     * Everything a session of one direction needs, immutable and shared. Per expression:
     * {@code fixedWidth} is its match length when fixed (else -1) and {@code startWalks} its
     * start walk (else null); with neither, Hyperscan reports the start. Expression
     * {@code runIds[i]} is not in the database: sessions find it with {@code runs[i]}; nor is
     * {@code shapeIds[i]}, found as shape i of {@code shapes} (DigitRuns). The key
     * anchors are in {@code anchorDatabase} (null when there are none), and the expressions that
     * need context in {@code contextDatabase} (null when none; their detectors' class bits are
     * {@code contextClasses}), scanned over the values that can have it. No expression outside
     * the context database matches a JSON number shorter than {@code shortestNumber} bytes, and
     * none at all one shorter than {@code shortestContextNumber} ({@link NumberReach},
     * {@link NumberFactors}). No match still to be reported reaches back further than
     * {@code longestMatch} bytes (the largest {@code max_length}, a block's counting up to
     * {@link #BLOCK_MARKER_REACH}, plus the two delimiters of a trimmed candidate), and no
     * context rule reaches further back than {@code widestProximity}. No candidate holds a byte of
     * {@code breaks} ({@link MatchBreaks}; null when the catalog has none).
     */
    record Compiled(Direction direction, PatternDatabase database, StreamScanner scanner,
                    PatternDatabase anchorDatabase, StreamScanner anchorScanner,
                    PatternDatabase contextDatabase, StreamScanner contextScanner, long contextClasses,
                    ExpressionKind[] kinds,
                    Detector[] owners, long[] classes, boolean[] needsContext, PatternSpec.Trim[] trim, int[] fixedWidth,
                    StartWalk[] startWalks, int[] runIds, ClassRun[] runs, int[] shapeIds, DigitShapeSet shapes,
                    long wholeClasses,
                    int shortestNumber, int shortestContextNumber, int longestMatch, int widestProximity,
                    boolean[] breaks, KeyClassifier classifier, Detector[] classDetector, ValueHasher hasher) {

        /** The context class bit of {@code d}, 0 when it has no context rule. */
        long contextBit(Detector d) {
            return classBit(classDetector, d);
        }
    }
}
