package dev.sluice.matchers;

import dev.sluice.matchers.hyperscan.MatchHandler;
import dev.sluice.matchers.hyperscan.StreamScanner;
import java.util.Arrays;

/**
 * Runs the expressions that only count with context ({@code context: required}: a bare nine
 * digits is an SSN only under an {@code ssn} key or after the word) over the values that can
 * have that context, instead of over every value. Such a candidate counts only when its value's
 * key is in the detector's context or a keyword of it ends earlier in the same value, or, for a
 * {@code same_object} rule, in an earlier member of its object ({@link ContextMarks#inContext});
 * a value with neither cannot yield one, so its bytes need not
 * reach these expressions at all. In the main database they matched every six-to-nine character
 * token and every run of digits (ids, amounts, SKUs) and each match cost a call from native code
 * into Java, then a candidate to throw away: a quarter of the scan time of a typical JSON body.
 *
 * <p>Per stream write, after the main stream (so this write's keywords are known), each value
 * is fed, from the first write that shows its context on and followed by its NUL separator, from
 * where a match that counts could begin ({@link #feedStart}): its start when its key or an
 * earlier sibling gives the context, else {@code contextReach} bytes and one before its first
 * keyword (a match spans at most that many bytes, so one that begins earlier ends before the
 * keyword and cannot count, and every start of one that ends later, and the byte before it, is
 * fed). A value without such a keyword (a long log line of numbers, a repeated unit built to be
 * expensive) is not fed at all: a long one fed whole cost a call into Java for every digit. With
 * an expression of no bound on its length, a value spanning writes is fed whole from its start,
 * as it comes. Matches that can count are therefore exactly those of the main stream (a match
 * never spans a separator). The context stream holds a NUL, then values or their ends, each
 * followed by its NUL, a subsequence of the main stream; matches are mapped back to main stream
 * positions through the runs fed. The stream opens on the first value fed: most bodies never open
 * one. One per session, reused through {@link SessionBuffers}; not thread-safe.
 */
final class ContextFeed {
    private StreamScanner scanner;
    private long classes;
    private long siblingClasses;
    /** The most bytes a context-only match spans; -1 when some expression has no bound. */
    private int reach;
    private StreamScanner.Stream stream;
    private byte[] bytes = new byte[1024];
    private int length;
    /** The most of {@link #bytes} that has held value bytes since it was last zeroed. */
    private int used;
    /** Runs fed: where each starts in the context stream and the main stream position it came from. */
    private long[] runStream = new long[16];
    private long[] runMain = new long[16];
    private int runs;
    /** Position in the context stream of the next byte fed. */
    private long streamEnd;
    /** Main stream position just after the last byte fed, or -1. */
    private long mainEnd = -1;
    private MatchHandler target;
    private final MatchHandler mapping = this::mapped;

    /**
     * Starts a body: {@code scanner} holds the context expressions of detectors in
     * {@code contextClasses}; those in {@code sameObjectClasses} also take their keywords from
     * earlier members of a value's object.
     */
    void begin(StreamScanner scanner, long contextClasses, long sameObjectClasses, int contextReach) {
        this.scanner = scanner;
        this.classes = contextClasses;
        this.siblingClasses = contextClasses & sameObjectClasses;
        this.reach = contextReach;
        this.stream = null;
        this.length = 0;
        this.runs = 0;
        this.streamEnd = 0;
        this.mainEnd = -1;
    }

    /**
     * Feeds the values of the main stream write {@code [from, to)} that can have context and
     * scans them, reporting matches to {@code found} in main stream positions.
     */
    void write(long from, long to, ValueTable values, ContextMarks marks, DecodedWindow window, MatchHandler found) {
        length = 0;
        keepLastRun();
        for (int k = 0; k < values.size(); k++) {
            ValueRecord v = values.get(k);
            if (v.start >= to) {
                break;
            }
            boolean closedHere = !v.isOpen() && v.end < to;
            if (!v.isOpen() && v.end < from) {
                continue;
            }
            long end = closedHere ? v.end + 1 : to;
            if (v.contextFed) {
                append(window, Math.max(from, v.start), end);
            } else {
                long start = feedStart(v, marks, window, closedHere ? v.end : to, !closedHere);
                if (start >= 0) {
                    v.contextFed = true;
                    append(window, start, end);
                }
            }
        }
        if (length > 0) {
            if (stream == null) {
                stream = scanner.open();
            }
            target = found;
            try {
                stream.scan(bytes, 0, length, mapping);
            } finally {
                target = null;
            }
        }
    }

    private boolean keyOrSiblingContext(ValueRecord v, ContextMarks marks) {
        return (v.classes & classes) != 0 || siblingClasses != 0 && v.siblingsFrom < v.start
                && marks.anyWithin(siblingClasses, v.siblingsFrom, v.start);
    }

    /**
     * Where a value not fed yet is fed from, its keywords seen up to {@code end}: its start when
     * its key or a sibling gives it context, else {@code reach} bytes and one before its first
     * keyword so far (its start when a context expression has no bound); -1 when it has no
     * context yet, unless it is still {@code open} and an expression has no bound: a keyword
     * could still come, and a match of it could reach back to the value's start.
     */
    private long feedStart(ValueRecord v, ContextMarks marks, DecodedWindow window, long end, boolean open) {
        long from;
        if (keyOrSiblingContext(v, marks)) {
            from = v.start;
        } else {
            long keyword = marks.firstWithin(classes, v.start, end);
            if (keyword >= 0) {
                from = reach < 0 ? v.start : Math.max(v.start, keyword - reach - 1);
            } else if (reach < 0 && open) {
                from = v.start;
            } else {
                return -1;
            }
        }
        // Either is in this write or just before it (a value is looked at in the first write it
        // is open at the end of or closes in, and a keyword in the write it is found in), which
        // the window holds.
        return Math.max(window.start(), from);
    }

    /** Ends the body: reports matches only the end of data completes and frees the stream. */
    void close(MatchHandler found) {
        if (stream == null) {
            return;
        }
        target = found;
        try {
            stream.close(mapping);
        } finally {
            target = null;
            stream = null;
        }
    }

    /** Frees the stream without reporting (a session closed after a failure); zeroes the copied bytes. */
    void release() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
        Arrays.fill(bytes, 0, used, (byte) 0);
        used = 0;
        if (bytes.length > 64 * 1024) {
            bytes = new byte[1024];
        }
    }

    private void append(DecodedWindow window, long a, long b) {
        if (b <= a) {
            return;
        }
        if (streamEnd == 0) {
            ensure(length + 1);
            bytes[length++] = 0; // the stream opens with a separator, as the main stream does
            streamEnd = 1;
        }
        if (a != mainEnd) {
            if (runs == runStream.length) {
                runStream = Arrays.copyOf(runStream, runs * 2);
                runMain = Arrays.copyOf(runMain, runs * 2);
            }
            runStream[runs] = streamEnd;
            runMain[runs] = a;
            runs++;
        }
        int n = (int) (b - a);
        ensure(length + n);
        window.copy(a, bytes, length, n);
        length += n;
        used = Math.max(used, length);
        streamEnd += n;
        mainEnd = b;
    }

    private void ensure(int capacity) {
        if (bytes.length < capacity) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }

    /** Keeps only the newest run: a value fed across writes goes on in it, nothing older is matched again. */
    private void keepLastRun() {
        if (runs > 1) {
            runStream[0] = runStream[runs - 1];
            runMain[0] = runMain[runs - 1];
            runs = 1;
        }
    }

    /** A context stream match, handed on in main stream positions (a match lies within one run). */
    private void mapped(int id, long from, long to) {
        int r = runOf(to - 1);
        if (r < 0) {
            return;
        }
        long delta = runMain[r] - runStream[r];
        target.onMatch(id, Math.max(from, runStream[r]) + delta, to + delta);
    }

    private int runOf(long p) {
        int lo = 0;
        int hi = runs - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (runStream[mid] <= p) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
