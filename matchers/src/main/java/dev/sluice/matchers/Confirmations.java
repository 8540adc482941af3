package dev.sluice.matchers;

import static dev.sluice.matchers.ScanSession.KEY_VALUE_MAX;
import static dev.sluice.matchers.ScanSession.LOOKAHEAD;
import static dev.sluice.matchers.ScanSession.LOOKBEHIND;
import static dev.sluice.matchers.ScanSession.MAX_FINDINGS;

import dev.sluice.matchers.validate.ArrayCandidate;

/**
 * The deciding half of a {@link ScanSession}: what its pending candidates, {@code key=}
 * captures and closed values become. Each is validated in Java on the window's bytes once the
 * scan has gone far enough past it (or at the end), mapped to wire offsets, masked, hashed and
 * handed to the {@link FindingResolver}. The scanning half tells it how far the scan has got
 * ({@link #scannedTo}); everything here depends on stream positions only, never on chunking.
 */
final class Confirmations {
    private static final byte[] NO_BYTES = new byte[0];

    private final MatchEngine.Compiled engine;
    /** The engine's expression table, read per match. */
    private final ExpressionTable table;
    private final DecodedWindow window;
    private final OffsetMap offsets;
    private final ValueTable values;
    private final PendingCandidates candidates;
    private final KeyValueCaptures captures;
    private final ContextMarks marks;
    private final FindingResolver resolver;
    /** A rewriting session's findings keep the wire start of their value. */
    private final boolean rewriting;
    private final ArrayCandidate view = new ArrayCandidate();
    private final BareValueEnds bareValueEnds = new BareValueEnds();
    // Its own copy buffer: validation can run from a match callback while the scanner's buffer is in use.
    /** Made at the first validation: most bodies of an API have no candidate at all. */
    private byte[] scratch = NO_BYTES;
    private long scanned;
    private int findings;
    private int dropped;

    Confirmations(MatchEngine.Compiled engine, DecodedWindow window, OffsetMap offsets, ValueTable values,
                  PendingCandidates candidates, KeyValueCaptures captures, ContextMarks marks,
                  FindingResolver resolver, boolean rewriting) {
        this.engine = engine;
        this.table = engine.table();
        this.window = window;
        this.offsets = offsets;
        this.values = values;
        this.candidates = candidates;
        this.captures = captures;
        this.marks = marks;
        this.resolver = resolver;
        this.rewriting = rewriting;
    }

    /** The scan has reached decoded position {@code end}. */
    void scannedTo(long end) {
        scanned = end;
    }

    /** Confirmed findings so far. */
    int confirmed() {
        return findings;
    }

    /** Findings dropped because the per-session maximum was reached or their offsets were lost. */
    int dropped() {
        return dropped;
    }

    /** Decides every capture, candidate and closed value that is ready; at the end, all of them. */
    void decide(boolean atEnd) {
        resolveCaptures(atEnd);
        resolveCandidates(atEnd);
        retireClosedValues(atEnd);
    }

    private void resolveCaptures(boolean atEnd) {
        int kept = 0;
        for (int i = 0; i < captures.size(); i++) {
            if (!resolveCapture(captures.pos(i), captures.classes(i), captures.key(i), atEnd)) {
                captures.keep(i, kept++);
            }
        }
        captures.truncate(kept);
    }

    /** Returns true when the capture is done (validated or abandoned). */
    private boolean resolveCapture(long pos, long classes, String key, boolean atEnd) {
        long tagEnd = KeyAnchors.yamlTagEnd(window, scanned, pos);
        if (tagEnd < 0 && !atEnd) {
            return false;
        }
        pos = Math.max(pos, tagEnd);
        long q = KeyAnchors.valueEnd(window, bareValueEnds, scanned, pos, atEnd, KEY_VALUE_MAX);
        if (q == KeyAnchors.WAIT) {
            return false;
        }
        if (q == KeyAnchors.NONE) {
            return true;
        }
        ValueRecord v = values.find(pos);
        if (v == null || CodeValues.is(window, pos, q, key)) {
            return true;
        }
        for (long bits = classes; bits != 0; bits &= bits - 1) {
            Detector d = engine.classDetector()[Long.numberOfTrailingZeros(bits)];
            if (q - pos <= d.maxLength() && validate(d, pos, q, v, key)) {
                confirm(d, pos, q, v, key);
            }
        }
        return true;
    }


    private void resolveCandidates(boolean atEnd) {
        candidates.sortByEnd();
        int kept = 0;
        for (int i = 0; i < candidates.size(); i++) {
            long from = candidates.from(i);
            long to = candidates.to(i);
            ValueRecord v = values.find(from);
            boolean ready = atEnd || to + LOOKAHEAD <= scanned || (v != null && !v.isOpen() && v.end < scanned)
                    || breakIn(to, Math.min(scanned, to + LOOKAHEAD)) >= 0;
            if (!ready || to >= scanned && !atEnd) {
                candidates.keep(i, kept++);
                continue;
            }
            int id = candidates.expr(i);
            Detector d = table.owners()[id];
            if (v == null || (!v.isOpen() && to > v.end) || to - from > d.maxLength()) {
                continue;
            }
            if (!confirmCandidate(d, id, from, to, v)) {
                long later = startAfterLastFinding(d, from, to);
                if (later >= 0) {
                    confirmCandidate(d, id, later, to, v);
                }
            }
        }
        candidates.truncate(kept);
    }

    private boolean confirmCandidate(Detector d, int id, long from, long to, ValueRecord v) {
        if (table.needsContext()[id] && !marks.inContext(d, table.classes()[id], from, v, window)) {
            return false;
        }
        if (!validate(d, from, to, v, v.key)) {
            return false;
        }
        confirm(d, from, to, v, null);
        return true;
    }

    /**
     * A list of values written one after another ("phones 052 5552606 074-7111234"): an
     * expression whose separators include the list's gap reports each end with its leftmost
     * start, so the second value's candidate begins inside the first, which is already a
     * finding, and fails as a whole. The value after that finding ends at the same byte and
     * matches the same expression; this is its start (the first byte after the finding and the
     * gap that may open a value), or -1 when the candidate does not overlap a finding that way.
     */
    private long startAfterLastFinding(Detector d, long from, long to) {
        long end = marks.lastFindingEnd(engine.contextBit(d));
        if (end <= from || end >= to || !window.holds(end, to)) {
            return -1;
        }
        long p = end;
        while (p < to && !opensValue(window.at(p))) {
            p++;
        }
        return p > end && p < to ? p : -1;
    }

    private static boolean opensValue(int b) {
        return b >= '0' && b <= '9' || b == '+' || b == '(';
    }

    private void retireClosedValues(boolean atEnd) {
        while (values.size() > 0) {
            ValueRecord v = values.get(0);
            if (v.isOpen() || v.end >= scanned && !atEnd) {
                if (v.isOpen() && atEnd) {
                    v.end = window.end();
                } else {
                    break;
                }
            }
            if (hasPendingIn(v)) {
                break;
            }
            checkWhole(v);
            values.retireOldest();
        }
        // A long open value (a text body) still gets its triggers checked once they have context enough.
        ValueRecord open = values.last();
        if (open != null && open.isOpen()) {
            checkLongValueTriggers(open);
        }
    }

    private boolean hasPendingIn(ValueRecord v) {
        return candidates.anyStartIn(v.start, v.end) || captures.anyIn(v.start, v.end);
    }

    private void checkWhole(ValueRecord v) {
        long len = v.end - v.start;
        if (len <= 0) {
            return;
        }
        boolean quoted = quoted(v.start, v.end);
        // A repr-style value ('secret' in a Django settings page): the quotes are not the value.
        long valueFrom = quoted ? v.start + 1 : v.start;
        long valueTo = quoted ? v.end - 1 : v.end;
        for (long bits = v.classes & engine.wholeClasses(); bits != 0; bits &= bits - 1) {
            Detector d = engine.classDetector()[Long.numberOfTrailingZeros(bits)];
            if (valueTo - valueFrom <= d.maxLength() && validate(d, valueFrom, valueTo, v, v.key)) {
                confirm(d, valueFrom, valueTo, v, v.key);
            }
        }
        for (int i = 0; i < v.triggerCount; i++) {
            Detector d = v.triggers[i];
            if (d == null) {
                continue;
            }
            long from = v.start;
            long to = v.end;
            if (len > d.maxLength()) {
                long half = d.maxLength() / 2;
                from = Math.max(v.start, v.triggerPos[i] - half);
                to = Math.min(v.end, from + d.maxLength());
            }
            if (validate(d, from, to, v, v.key)) {
                confirm(d, from, to, v, v.key);
            }
            v.triggers[i] = null;
        }
    }

    private boolean quoted(long from, long to) {
        if (to - from < 3 || !window.holds(from, to)) {
            return false;
        }
        int first = window.at(from);
        return (first == '\'' || first == '"') && window.at(to - 1) == first;
    }

    private void checkLongValueTriggers(ValueRecord v) {
        for (int i = 0; i < v.triggerCount; i++) {
            Detector d = v.triggers[i];
            if (d == null) {
                continue;
            }
            long from = Math.max(v.start, v.triggerPos[i] - d.maxLength() / 2);
            long to = from + d.maxLength();
            // Only once the whole span and the validator's lookahead are scanned: checked earlier,
            // the span would end wherever the scan stood, which depends on how the body was cut
            // into chunks. A value that ends sooner is checked whole when it closes, to the same span.
            if (to + LOOKAHEAD > scanned) {
                continue;
            }
            if (validate(d, from, to, v, v.key)) {
                confirm(d, from, to, v, v.key);
            }
            v.triggers[i] = null;
        }
    }

    /**
     * The first break byte ({@link MatchBreaks}) in {@code [from, to)}, or -1. A validator sees the
     * bytes after its candidate up to the first of them and no further, so a candidate followed
     * by one (a line's end) is decided without waiting for the next line, whatever the chunking.
     */
    private long breakIn(long from, long to) {
        boolean[] breaks = engine.reach().breaks();
        if (breaks == null) {
            return -1;
        }
        for (long q = Math.max(from, window.start()); q < to; q++) {
            if (breaks[window.at(q)]) {
                return q;
            }
        }
        return -1;
    }

    private boolean validate(Detector d, long from, long to, ValueRecord v, String key) {
        long valueEnd = v.isOpen() ? scanned : v.end;
        long lo = Math.max(Math.max(v.start, from - LOOKBEHIND), window.start());
        long hi = Math.min(valueEnd, to + LOOKAHEAD);
        long cut = breakIn(to, hi);
        if (cut >= 0) {
            hi = cut + 1;
        }
        if (from < lo || to > hi || !window.holds(lo, hi)) {
            return false;
        }
        int n = (int) (hi - lo);
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, Math.max(256, scratch.length * 2))];
        }
        window.copy(lo, scratch, 0, n);
        view.reset(scratch, 0, n, (int) (from - lo), (int) (to - from)).key(key).parentKey(v.parentKey);
        try {
            return d.validator().test(view);
        } catch (RuntimeException e) {
            // A validator bug must not take the exchange down; the candidate is not confirmed.
            return false;
        }
    }

    private void confirm(Detector d, long from, long to, ValueRecord v, String key) {
        if (to <= v.replayEnd) {
            return; // wholly inside bytes replayed from an earlier value: found there
        }
        if (findings >= MAX_FINDINGS) {
            dropped++;
            return;
        }
        long wireStart = offsets.startOf(from);
        long wireEnd = offsets.endOf(to - 1);
        if (wireStart == OffsetMap.UNKNOWN || wireEnd == OffsetMap.UNKNOWN || !window.holds(from, to)) {
            dropped++;
            return;
        }
        int n = (int) (to - from);
        byte[] bytes = new byte[n];
        window.copy(from, bytes, 0, n);
        long heldFrom = wireStart;
        long[] replayed = null;
        if (rewriting) {
            if (v.replacedWhole) {
                // A rewriter must hold the body from the value's start: a JSON number is replaced
                // whole. Any other value is edited at the finding's own span, so holding it from
                // the value's start would keep a long text with findings every few KiB held whole.
                long vs = offsets.startOf(v.start);
                heldFrom = vs != OffsetMap.UNKNOWN ? Math.min(vs, wireStart) : wireStart;
            }
            if (from < v.replayEnd) {
                replayed = offsets.wireSpans(from, v.replayEnd); // earlier values' part, masked where still held
            }
        }
        findings++;
        resolver.add(new FindingResolver.Pending(d, from, to, wireStart, wireEnd, v.pathText(),
                key != null ? key : v.key, v.origin, v.index, v.start, heldFrom, bytes, replayed));
        marks.found(engine.contextBit(d), to);
    }

}
