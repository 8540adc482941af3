package dev.sluice.inspector.text;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;

/**
 * The value side of a streaming tokenizer (the HTML and CSV parsers): opens a value on the sink
 * the first time it gets a byte, closes it, and passes plain bytes on as one {@code verbatim}
 * call per run rather than per byte. A run is remembered by its start index in the current
 * chunk, so nothing is copied; the tokenizer flushes it before any byte that is not part of it
 * (a delimiter, a held {@code <}, an escape) and the chunk's end flushes what is left.
 *
 * <p>Offsets: the tokenizer speaks in indexes of the chunk it is reading; this class maps them
 * to wire offsets ({@link #wireAt}), counting from the base offset given at construction.
 *
 * <p>Percent escapes in the values (a link's query string) are decoded on the way
 * ({@link EmbeddedEscapes}); the tokenizer's own escapes (character references) are its own.
 *
 * <p>Naming stays with the tokenizer: a {@link Namer} fills in the key and path when a value
 * opens, and a {@link RunWatcher} sees each run passed on (for a header name or a label the
 * tokenizer keeps). Not thread-safe; one per parser.
 */
final class ValueEmitter {

    /** Fills in the key and path of the value about to begin; its parent key is already set. */
    @FunctionalInterface
    interface Namer {
        void name(FieldContext field);
    }

    /** Sees the bytes of every verbatim run as it is passed on; they are borrowed for the call. */
    @FunctionalInterface
    interface RunWatcher {
        void passed(byte[] buf, int off, int len);
    }

    private final ValueSink sink;
    private final String parentKey;
    private final Namer namer;
    private final RunWatcher watcher;
    private final FieldContext field = new FieldContext();

    private boolean open;
    /** Wire offset of the next chunk's first byte. */
    private long pos;
    /** Where the chunk being read starts in its array, and its wire offset. */
    private int chunkOff;
    private long chunkPos;
    /** Start index of a verbatim run not yet passed on, or -1. */
    private int run = -1;

    /**
     * @param sink where values go
     * @param baseOffset wire offset of the first byte of the first chunk
     * @param parentKey parent key of every value (a multipart part name), or null
     * @param namer names each value as it opens
     * @param watcher sees every verbatim run passed on
     */
    ValueEmitter(ValueSink sink, long baseOffset, String parentKey, Namer namer, RunWatcher watcher) {
        // Markup attributes and CSV cells hold links whose query strings are percent-encoded.
        this.sink = new EmbeddedEscapes(sink);
        this.pos = baseOffset;
        this.parentKey = parentKey;
        this.namer = namer;
        this.watcher = watcher;
    }

    /** A chunk starting at {@code buf[off]} is about to be read. */
    void beginChunk(int off) {
        chunkOff = off;
        chunkPos = pos;
        run = -1;
    }

    /** The chunk was read up to {@code end}: the pending run is passed on. */
    void endChunk(byte[] buf, int end) {
        flush(buf, end);
        pos += end - chunkOff;
    }

    /** Wire offset of {@code buf[i]} in the current chunk. */
    long wireAt(int i) {
        return chunkPos + (i - chunkOff);
    }

    boolean isOpen() {
        return open;
    }

    /** Whether a verbatim run is pending. */
    boolean inRun() {
        return run >= 0;
    }

    /** Opens a value unless one is open. */
    void open() {
        if (open) {
            return;
        }
        field.clear().parentKey(parentKey);
        namer.name(field);
        sink.beginValue(field);
        open = true;
    }

    /** Ends the open value, if any; a pending run must have been flushed. */
    void close() {
        if (open) {
            sink.endValue();
            open = false;
        }
    }

    /** {@code buf[i]} belongs to the value verbatim: opens it and starts a run at {@code i} unless one is pending. */
    void extendRun(int i) {
        if (run < 0) {
            open();
            run = i;
        }
    }

    /**
     * Takes {@code buf[i, end)} into the run up to the first byte in {@code stops} (a 256-entry
     * table, see {@link #stopSet}), opening the value if it gets a byte. At a stop byte the run is
     * passed on and the stop's index returned; without one, {@code end} is returned and the run
     * stays pending.
     */
    int runUntil(byte[] buf, int i, int end, boolean[] stops) {
        int stop = i;
        while (stop < end && !stops[buf[stop] & 0xff]) {
            stop++;
        }
        if (stop > i) {
            extendRun(i);
        }
        if (stop < end) {
            flush(buf, stop);
        }
        return stop;
    }

    /** The stop table for {@link #runUntil} that stops at each of {@code bytes}. */
    static boolean[] stopSet(char... bytes) {
        boolean[] stops = new boolean[256];
        for (char b : bytes) {
            stops[b & 0xff] = true;
        }
        return stops;
    }

    /** Passes on the pending run {@code [run, to)}, if any. */
    void flush(byte[] buf, int to) {
        if (run >= 0) {
            if (to > run) {
                sink.verbatim(buf, run, to - run, wireAt(run));
                watcher.passed(buf, run, to - run);
            }
            run = -1;
        }
    }

    /** Passes held bytes (not of the current chunk) on verbatim; the watcher does not see them. */
    void verbatim(byte[] buf, int off, int len, long wireOffset) {
        open();
        sink.verbatim(buf, off, len, wireOffset);
    }

    /** Passes decoded bytes on for the wire span {@code [wireStart, wireEnd)}; the watcher does not see them. */
    void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        open();
        sink.escaped(buf, off, len, wireStart, wireEnd);
    }
}
