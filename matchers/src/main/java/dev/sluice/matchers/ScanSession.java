package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.MatchHandler;
import dev.sluice.matchers.hyperscan.StreamScanner;

/**
 * Matches the decoded values of one body: a {@link ValueSink} for parsers on one side,
 * confirmed {@link Match}es to a {@link MatchListener} on the other.
 *
 * <p>Decoded bytes go into a ring ({@link DecodedWindow}, 64 KiB) and, every 16 KiB or on
 * {@link #flush()}, through one Hyperscan stream, with a NUL separator between values so no
 * pattern spans two values. Hyperscan reports candidates, keywords, key anchors and triggers;
 * everything else happens in Java on those positions only:
 * <ul>
 *   <li>a candidate is validated once the scan is 8 bytes past its end (or its value ended),
 *       so a match that could still grow has grown and validators can see what follows;</li>
 *   <li>a candidate that needs context is kept when its value's key is in the detector's
 *       context, or a keyword / {@code key=} anchor of that context ends shortly before it;</li>
 *   <li>whole-value detectors validate a value when it ends, when its key is in their
 *       context or one of their triggers fired in it; in free text, the value after a
 *       {@code key=} anchor is validated the same way;</li>
 *   <li>findings are offset-mapped to the wire, masked, hashed, and released through a
 *       {@link FindingResolver} that keeps the most specific of overlapping findings.</li>
 * </ul>
 * This class does the scanning; {@link Confirmations} does the deciding.
 * All of this depends on stream positions only, never on where chunks were cut, so any
 * chunking gives the same findings. Given a {@link RewritingMatchListener}, the session also
 * keeps its {@link #releaseFrontier()}: the lowest wire offset a finding not yet released could
 * start at, which is how far a rewriter may let the body go. Not thread-safe: one session serves one body, on one
 * thread at a time. Close it to free the native stream.
 */
public final class ScanSession implements ValueSink, MatchHandler, AutoCloseable {
    static final int WINDOW = 64 * 1024;
    static final int SCAN_STEP = 16 * 1024;
    static final int LOOKAHEAD = 8;
    static final int LOOKBEHIND = 64;
    static final int KEY_VALUE_MAX = 256;
    /** How far back from the end of the data a stream write looks for a delimiter to end at. */
    static final int SPLIT_HOLD = 4 * 1024;
    static final int MAX_FINDINGS = 4096;
    private static final byte SEPARATOR = 0;

    private final MatchEngine.Compiled engine;
    /** The engine's expression table, read per match. */
    private final ExpressionTable table;
    private final MatchListener listener;
    /** The listener when the body is rewritten, else null: findings then keep their bytes. */
    private final RewritingMatchListener rewriting;
    /** For a rewriting session: how far before its end a match not yet reported can start. */
    private final int reach;
    /** Bytes no candidate holds (MatchBreaks) when this session rewrites; null otherwise. */
    private final boolean[] breaks;
    /** Decoded position of the last byte of {@link #breaks} scanned; -1 before the first. */
    private long lastBreak = -1;
    private final FindingResolver.Winners winners = this::emit;
    private final StreamScanner.Stream stream;
    /** The class-led candidates' stream (ExpressionPlacement); null when the catalog has none. */
    private final StreamScanner.Stream classLedStream;
    /** The key anchors' stream (MatchEngine); null when the catalog has no context keys. */
    private final StreamScanner.Stream anchorStream;
    private final MatchHandler anchorCollector = (id, from, to) -> collectAnchor(to);
    // Ends of the anchor matches of the current write, replayed in order among the main matches.
    private long[] anchorEnds = new long[16];
    private int anchorCount;
    private int anchorNext;
    /** The end of the last key anchor handled: several vocabulary words' expressions may end there. */
    private long lastAnchorEnd = -1;
    /** The key of the last anchor read: the same instance again keeps its hash for the classifier's lookups. */
    private String lastKey;
    /** This thread's reusable buffers (SessionBuffers), given back at close. */
    private final SessionBuffers buffers = SessionBuffers.take();
    private final DecodedWindow window = buffers.window;
    private final OffsetMap offsets = buffers.offsets;
    private final ValueTable values = buffers.values;
    private final FindingResolver resolver = new FindingResolver();
    private final ClassRun.Scanner[] runScanners;
    /** Finds the digit shapes (MatchEngine); null when the catalog has none. */
    private final DigitRuns digitRuns;
    private final DigitRuns.MatchSink digitMatches;
    private long scanned;
    private boolean inValue;
    private boolean closed;
    /** Candidates that could not be kept (too many pending). */
    private int dropped;
    private long valuesBegun;
    private final PendingCandidates candidates = buffers.candidates;
    private final ContextMarks marks = buffers.marks;
    private final ContainerStarts containers = buffers.containers;
    private final KeyValueCaptures captures = buffers.captures;
    private final OpenBlocks blocks = buffers.blocks;
    private final Confirmations confirmations;
    /** The context-only expressions' feed (MatchEngine), or null when the catalog has none. */
    private final ContextFeed contextFeed;
    private final MatchHandler contextMatches = this::onMatch;
    /** Findings reported so far, to tell a match grown across joined values from a new one. */
    private final Continuations continuations;

    ScanSession(MatchEngine.Compiled engine, MatchListener listener, Continuations continuations) {
        this.engine = engine;
        this.table = engine.table();
        this.continuations = continuations;
        this.listener = listener;
        this.rewriting = listener instanceof RewritingMatchListener r ? r : null;
        // Its look-ahead lets a candidate be reported that much after its end.
        this.reach = rewriting == null ? 0 : engine.reach().longestMatch() + LOOKAHEAD;
        this.breaks = rewriting == null ? null : engine.reach().breaks();
        this.stream = engine.databases().scanner().open();
        this.classLedStream = open(engine.databases().classLedScanner());
        this.anchorStream = open(engine.databases().anchorScanner());
        this.runScanners = new ClassRun.Scanner[engine.java().runs().length];
        for (int i = 0; i < runScanners.length; i++) {
            runScanners[i] = new ClassRun.Scanner(engine.java().runs()[i]);
        }
        if (engine.java().shapes().size() > 0) {
            digitRuns = buffers.digitRuns;
            digitRuns.begin(engine.java().shapes());
            int[] shapeIds = engine.java().shapeIds();
            digitMatches = (shape, from, to) -> onMatch(shapeIds[shape], from, to);
        } else {
            digitRuns = null;
            digitMatches = null;
        }
        if (engine.databases().contextScanner() != null) {
            contextFeed = buffers.contextFeed;
            contextFeed.begin(engine.databases().contextScanner(), engine.databases().contextClasses(),
                    engine.sameObjectClasses(), engine.databases().contextReach());
        } else {
            contextFeed = null;
        }
        this.confirmations = new Confirmations(engine, window, offsets, values, candidates, captures, marks, resolver,
                rewriting != null);
        window.append(SEPARATOR);
    }

    private static StreamScanner.Stream open(StreamScanner scanner) {
        return scanner == null ? null : scanner.open();
    }

    // ---------------------------------------------------------------- ValueSink

    @Override
    public void beginValue(FieldContext field) {
        if (closed) {
            return;
        }
        if (inValue) {
            endValue();
        }
        inValue = true;
        ValueRecord v = values.open(valuesBegun++, window.end(), engine.classifier().classify(field), field.key(),
                field.origin(), field);
        // Every value marks its container's start, but only one whose own key names no context
        // hears its earlier siblings: {"id": "AKIA…", "secret_key": …} is a generic secret, as a key
        // between a keyword and a value outranks the keyword in text (ContextMarks.otherKeyBetween).
        long first = containers.firstMember(field.containerOwner(), field.containerSerial(), field.containerDepth(),
                v.start);
        v.siblingsFrom = v.classes == 0 ? first : v.start;
    }

    /**
     * A number shorter than any the catalog can match (its context-only expressions count only
     * under their detectors' keys), under a key no whole-value detector reads, has nothing to find; leaving it out of the stream only moves later bytes closer
     * to a keyword before it, as if the number were not there.
     */
    @Override
    public boolean skipsNumber(FieldContext field, int length) {
        if (length >= engine.reach().shortestNumber()) {
            return false;
        }
        if (engine.wholeClasses() == 0 && engine.databases().contextClasses() == 0) {
            return true;
        }
        long classes = engine.classifier().classify(field);
        if ((classes & engine.wholeClasses()) != 0) {
            return false;
        }
        // Context-only expressions see a number only under a key of their detector (a number holds no keyword).
        return (classes & engine.databases().contextClasses()) == 0 || length < engine.reach().shortestContextNumber();
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        if (!inValue || len <= 0 || closed) {
            return;
        }
        while (len > 0) {
            int n = Math.min(len, SCAN_STEP);
            offsets.verbatim(window.end(), wireOffset, n);
            window.append(buf, off, n);
            off += n;
            len -= n;
            wireOffset += n;
            maybeScan();
        }
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        if (!inValue || len <= 0 || closed) {
            return;
        }
        offsets.escaped(window.end(), len, wireStart, wireEnd);
        window.append(buf, off, Math.min(len, SCAN_STEP));
        maybeScan();
    }

    /**
     * Bytes the open value continues from: mapped to their own wire span, and marked so that
     * a finding ending inside them is not confirmed (it was, with the value they came from).
     * Ignored once the value's own bytes have begun.
     */
    @Override
    public void context(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        if (!inValue || len <= 0 || closed) {
            return;
        }
        ValueRecord v = values.last();
        if (window.end() != v.replayEnd) {
            return;
        }
        int n = Math.min(len, SCAN_STEP);
        if (wireEnd - wireStart == len) {
            offsets.verbatim(window.end(), wireStart, n);
        } else {
            offsets.escaped(window.end(), n, wireStart, wireEnd);
        }
        window.append(buf, off, n);
        v.replayEnd = window.end();
        continuations.enable();
        maybeScan();
    }

    @Override
    public void endValue() {
        if (!inValue || closed) {
            return;
        }
        inValue = false;
        values.last().end = window.end();
        window.append(SEPARATOR);
        maybeScan();
    }

    /** Scans everything written so far and releases what became final; call at the end of each input chunk. */
    public void flush() {
        if (closed) {
            return;
        }
        scanPending(false);
        process(false);
    }

    /** Ends the body: scans the rest, finishes every pending check, releases every finding, frees the stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (inValue) {
                endValue();
            }
            scanPending(true);
            if (anchorStream != null) {
                anchorStream.close(anchorCollector);
            }
            stream.close(this);
            replayAnchors(Long.MAX_VALUE);
            if (classLedStream != null) {
                classLedStream.close(this);
            }
            if (contextFeed != null) {
                contextFeed.close(contextMatches);
            }
            process(true);
        } finally {
            closed = true;
            try {
                stream.close();
                if (classLedStream != null) {
                    classLedStream.close();
                }
                if (anchorStream != null) {
                    anchorStream.close();
                }
            } finally {
                buffers.giveBack();
            }
        }
    }

    /**
     * For a session with a {@link RewritingMatchListener}: the lowest wire offset at which a
     * finding not yet released could start, judged by what this session holds (bytes the parser
     * has not given it yet are the caller's to judge); {@code Long.MAX_VALUE} when nothing is
     * pending. Valid after {@link #flush()}.
     */
    public long releaseFrontier() {
        if (closed) {
            return Long.MAX_VALUE; // everything was released at close
        }
        long decoded = confirmFrontier();
        long wire = decoded == Long.MAX_VALUE ? Long.MAX_VALUE : offsets.wireAtOrAfter(decoded);
        return Math.min(wire, resolver.minHeldFrom());
    }

    /**
     * The lowest decoded position a finding not yet confirmed could start at: every pending
     * candidate, capture and open block, every value not retired (whole-value and trigger
     * checks start at its start), and for a long open value the reach of a match not yet
     * reported (back to the last break byte at most) or a trigger window.
     */
    private long confirmFrontier() {
        long min = Math.min(candidates.minFrom(), Math.min(captures.minPos(), blocks.minFrom()));
        for (int k = 0; k < values.size(); k++) {
            ValueRecord v = values.get(k);
            min = Math.min(min, v.isOpen() ? openValueFrontier(v) : v.start);
        }
        return min;
    }

    private long openValueFrontier(ValueRecord v) {
        long bound = scanned - reach;
        if (breaks != null && (v.classes & engine.wholeClasses()) == 0) {
            // No match still to come holds a break byte, so none reaches back over the last one.
            // A value under a whole-value key is the candidate itself, break bytes and all.
            bound = Math.max(bound, lastBreak + 1);
        }
        if (bound <= v.start) {
            return v.start;
        }
        for (int i = 0; i < v.triggerCount; i++) {
            Detector d = v.triggers[i];
            if (d != null) {
                bound = Math.min(bound, v.triggerPos[i] - d.maxLength() / 2 - 1);
            }
        }
        return Math.max(v.start, bound);
    }

    /**
     * Findings dropped because the per-session maximum was reached, their offsets were lost, or a
     * bound refused their candidate or capture.
     */
    public int droppedFindings() {
        return dropped + confirmations.dropped();
    }

    // ---------------------------------------------------------------- scanning

    private void maybeScan() {
        if (window.end() - scanned >= SCAN_STEP) {
            scanPending(false);
            process(false);
        }
    }

    /**
     * Hands the bytes not yet scanned to the Hyperscan stream. Unless {@code all}, the write
     * ends just after the last delimiter byte (NUL value separator, line break, quote, brace,
     * comma, angle bracket) when one lies within {@link #SPLIT_HOLD} bytes of the end: Hyperscan
     * 5.4 was seen to lose a match of a long caseless alternation followed by a bounded repeat
     * (the key anchors) when a stream write ended inside the word, and a write that ends
     * between tokens never does that. Bytes held back are scanned with the next write.
     */
    private void scanPending(boolean all) {
        long from = scanned;
        long to = all ? window.end() : splitPoint(from, window.end());
        if (to == from) {
            return;
        }
        int len = (int) (to - from);
        byte[] scratch = buffers.scratch(len);
        window.copy(from, scratch, 0, len);
        if (anchorStream != null) {
            anchorStream.scan(scratch, 0, len, anchorCollector);
        }
        stream.scan(scratch, 0, len, this);
        replayAnchors(Long.MAX_VALUE);
        // Candidates only, taken after the main stream's matches of the write as the Java scans'
        // are: a candidate waits for its look-ahead, in whatever order it came.
        if (classLedStream != null) {
            classLedStream.scan(scratch, 0, len, this);
        }
        for (int i = 0; i < runScanners.length; i++) {
            int id = engine.java().runIds()[i];
            runScanners[i].scan(scratch, 0, len, from, (f, t) -> onMatch(id, f, t));
        }
        if (digitRuns != null) {
            digitRuns.scan(scratch, 0, len, from, digitMatches);
        }
        if (contextFeed != null) {
            contextFeed.write(from, to, values, marks, window, contextMatches);
        }
        if (breaks != null) {
            noteLastBreak(scratch, len, from);
        }
        scanned = to;
        confirmations.scannedTo(to);
    }

    private void noteLastBreak(byte[] bytes, int len, long at) {
        for (int i = len - 1; i >= 0; i--) {
            if (breaks[bytes[i] & 0xFF]) {
                lastBreak = at + i;
                return;
            }
        }
    }

    private long splitPoint(long from, long end) {
        long lo = Math.max(from, end - SPLIT_HOLD);
        for (long q = end; q > lo; q--) {
            if (isSplitByte(window.at(q - 1))) {
                return q;
            }
        }
        return end - from >= SPLIT_HOLD ? end : from;
    }

    private static boolean isSplitByte(int b) {
        return b == SEPARATOR || b == '\n' || b == '\r' || b == '"' || b == '\'' || b == '{' || b == '}' || b == ','
                || b == '<' || b == '>';
    }

    /** Keeps an anchor match of the current write for {@link #replayAnchors}. */
    private void collectAnchor(long to) {
        if (anchorCount == anchorEnds.length) {
            anchorEnds = java.util.Arrays.copyOf(anchorEnds, anchorCount * 2);
        }
        anchorEnds[anchorCount++] = to;
    }

    /**
     * Handles the collected anchor matches that end before {@code limit}, in order: the main
     * stream's matches call this first, so marks and anchors meet the session in the order of
     * their ends, as they did when both were in one database.
     */
    private void replayAnchors(long limit) {
        while (anchorNext < anchorCount && anchorEnds[anchorNext] < limit) {
            keyAnchor(anchorEnds[anchorNext++]);
        }
        if (anchorNext == anchorCount) {
            anchorNext = 0;
            anchorCount = 0;
        }
    }

    @Override
    public void onMatch(int id, long from, long to) {
        if (anchorNext < anchorCount) {
            replayAnchors(to);
        }
        switch (table.kinds()[id]) {
            case CANDIDATE -> {
                from = startOf(id, from, to);
                if (from >= 0) {
                    addCandidate(id, from, to);
                }
            }
            case TRIGGER -> {
                ValueRecord v = triggeredValue(to);
                if (v != null) {
                    v.trigger(table.owners()[id], to);
                }
            }
            case KEYWORD -> marks.add(table.classes()[id], to, false);
            case KEY_ANCHOR -> keyAnchor(to);
            case BLOCK_BEGIN -> {
                from = startOf(id, from, to);
                if (from >= 0) {
                    blocks.begin(table.owners()[id], from);
                }
            }
            case BLOCK_END -> blockEnd(id, to);
        }
    }

    /**
     * The value a trigger ending at {@code to} fired in, or null (a match between values). A
     * match that ends with the separator right after a value belongs to that value: an
     * expression may use the separator as the value's end, as {@code attack.lfi} does to find a
     * NUL that ends a value ({@code page.php\0}) without matching at every value's end.
     */
    private ValueRecord triggeredValue(long to) {
        ValueRecord v = values.find(to - 1);
        if (v == null) {
            v = values.find(to - 2);
            if (v != null && v.end != to - 1) {
                v = null;
            }
        }
        return v;
    }

    /**
     * The start of a match: Hyperscan's, or (for expressions compiled without start-of-match
     * tracking, MatchEngine) its end minus its fixed width or found by its start walk; -1 when
     * the start is out of reach, which only a match too long to confirm has.
     */
    private long startOf(int id, long from, long to) {
        int width = table.fixedWidth()[id];
        if (width >= 0) {
            return to - width;
        }
        StartWalk walk = table.startWalks()[id];
        if (walk == null) {
            return from;
        }
        int maxLength = table.owners()[id].maxLength();
        // The walk reads the match without the delimiter after it (which could be the walk's stop);
        // a match trimmed at both ends walks from its end with a reach two bytes longer.
        PatternSpec.Trim trim = table.trim()[id];
        return trim.before() == 0 ? walk.start(window, to - trim.after(), maxLength)
                : walk.start(window, to, maxLength + trim.bytes());
    }

    private void addCandidate(int id, long from, long to) {
        PatternSpec.Trim trim = table.trim()[id];
        if (trim != PatternSpec.Trim.NONE) {
            from += trim.before();
            to -= trim.after();
            if (to <= from) {
                return;
            }
        }
        pend(id, from, to);
    }

    /** Queues a candidate as it is; one the bound refuses is counted as dropped. */
    private void pend(int id, long from, long to) {
        if (!candidates.add(id, from, to)) {
            dropped++;
        }
    }

    private void keyAnchor(long to) {
        if (to == lastAnchorEnd) {
            return;
        }
        lastAnchorEnd = to;
        long from = KeyAnchors.anchorStart(window, to);
        if (from < 0 || !window.holds(from, to) || KeyAnchors.notAKey(window, from, to)) {
            return;
        }
        String key = lastKey == null ? null : KeyAnchors.sameKey(window, from, to, lastKey);
        key = key != null ? key : KeyAnchors.extractKey(window, from, to);
        if (key == null) {
            return;
        }
        lastKey = key;
        long classes = engine.classifier().classify(key);
        if (classes == 0 && engine.classifier().isHolder(key)) {
            // value="..." after name="...": the naming attribute is the key.
            key = KeyAnchors.namingAttribute(window, from);
            if (key == null) {
                return;
            }
            classes = engine.classifier().classify(key);
        } else if (classes == 0) {
            // "API key: ...", "Secret key = ...": a last word that names nothing is read with the
            // word before it; after a verb ("Your password is: ..."), the word before it names the
            // value when it names a class alone ("cellul are" is still one word).
            long phraseFrom = KeyAnchors.phraseStart(window, from);
            String before = phraseFrom < 0 || KeyAnchors.notAKey(window, phraseFrom, to) ? null
                    : KeyAnchors.extractKey(window, phraseFrom, from);
            if (before == null) {
                return;
            }
            long alone = KeyAnchors.isVerb(key) ? engine.classifier().classify(before) : 0;
            key = alone != 0 ? before : before + ' ' + key;
            classes = alone != 0 ? alone : engine.classifier().classify(key);
            from = phraseFrom;
        }
        if (classes == 0) {
            return;
        }
        marks.markKeyedWithin(from, to);
        marks.add(classes, to, true);
        long whole = classes & engine.wholeClasses();
        if (whole != 0 && !captures.add(to, whole, key)) {
            dropped++;
        }
    }

    /**
     * A block's end marker: the block from its begin marker becomes a candidate of the end
     * expression, validated (its body) once the scan has passed it, like any other. The block
     * spans both markers whole: a marker's trim does not apply to it.
     */
    private void blockEnd(int id, long to) {
        long from = blocks.end(table.owners()[id]);
        if (from >= 0) {
            pend(id, from, to);
        }
    }

    // ---------------------------------------------------------------- deciding

    private void process(boolean atEnd) {
        confirmations.decide(atEnd);
        // A candidate still to come starts at most the longest match before the scan, and uses
        // marks at most the widest proximity before its start.
        marks.prune(Math.min(candidates.minFrom(), scanned - engine.reach().longestMatch()) - engine.reach().widestProximity());
        resolver.release(scanned, atEnd, rewriting == null ? Long.MIN_VALUE : confirmFrontier(), winners);
        long keep = Math.max(0, scanned - WINDOW);
        offsets.prune(keep);
    }

    private void emit(FindingResolver.Pending p) {
        switch (continuations.relate(p.detector(), p.wireStart())) {
            case OUTRANKED -> {
                // The match of a finding of a higher detector, grown by a joined value's bytes: not
                // reported again, but a rewriter still masks the part that came with this value.
                if (rewriting != null) {
                    Match m = p.toMatch(engine.hasher());
                    maskReplayed(m, p);
                    rewriting.onContinuation(m, p.valueIndex(), (int) (p.from() - p.valueFrom()), p.decoded());
                }
                return;
            }
            case SUPERSEDES -> listener.onSuperseded(continuations.superseded(), p.wireStart());
            case NEW -> {
            }
        }
        Match m = p.toMatch(engine.hasher());
        if (rewriting == null) {
            listener.onMatch(m);
        } else {
            maskReplayed(m, p);
            rewriting.onMatch(m, p.valueIndex(), (int) (p.from() - p.valueFrom()), p.decoded());
        }
    }

    /** The part of a finding in bytes replayed from earlier values goes to the rewriter span by span. */
    private void maskReplayed(Match m, FindingResolver.Pending p) {
        long[] spans = p.replayedSpans();
        for (int i = 0; spans != null && i + 1 < spans.length; i += 2) {
            rewriting.onReplayedPart(m, spans[i], spans[i + 1]);
        }
    }

    @Override
    public String toString() {
        return "ScanSession[" + engine.direction().label() + ", scanned=" + scanned + ", findings="
                + confirmations.confirmed() + "]";
    }
}
