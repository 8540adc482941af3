package dev.sluice.inspector.form;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.text.PercentEscape;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;

/**
 * Streams an {@code application/x-www-form-urlencoded} body (WHATWG URL Standard §5.1
 * "application/x-www-form-urlencoded parsing", percent-encoding per RFC 3986 §2.1) into
 * values: one value per {@code &}-separated field, keyed by the field's decoded name.
 *
 * <p>Emits, per field: {@code beginValue} with key = decoded name, path = decoded name,
 * parent key = the part name given at construction (a multipart part), then the value's bytes:
 * runs of plain bytes as {@code verbatim}, each {@code %XX} as {@code escaped} (1 byte, 3 wire
 * bytes), each {@code +} as {@code escaped} (a space, 1 wire byte); then {@code endValue}. A
 * field without {@code =} has an empty value; an empty field ({@code &&}) has none. Invalid
 * percent sequences ({@code %4}, {@code %zz}) pass through verbatim, as WHATWG says.
 *
 * <p>Limits: the decoded name is kept in a {@value #MAX_KEY_BYTES}-byte buffer; longer names
 * are truncated (they only give context). Values are never buffered. No outcome is recorded:
 * every byte sequence is a valid form body.
 *
 * <p>In a request where nothing is rewritten (an inspection that only decides, a request's query),
 * a name that could carry an attack ({@link #nameWorthReading}) is also a value of its own, before
 * its field's: path {@code (name)} after the prefix, no key, its decoded bytes as one escape over
 * its wire bytes. Applications echo and bind
 * names (a reflected {@code <script>=1}, Spring4Shell's {@code class.module.classLoader…}), so
 * attacks are looked for in them; the path does not name the name, which may be the payload. A
 * rewriting session does not read names: a name is never redacted.
 */
public final class FormBodyParser implements ByteSink {
    /** The path of a name read as a value: {@code (name)}, after the prefix. */
    public static final String NAME_PATH = "(name)";
    /** Longest name read as a value only when it holds a byte an identifier does not ({@link #nameWorthReading}). */
    static final int PLAIN_NAME_BYTES = 64;
    /** Bound on the stored decoded field name. */
    static final int MAX_KEY_BYTES = 1024;

    private static final byte[] SPACE = {' '};

    private enum State {
        /** Reading a name; ends at {@code =} or {@code &}. */
        KEY,
        /** Reading a value; ends at {@code &}. */
        VALUE,
        /** Done: end() was called. */
        DONE
    }

    private final ValueSink sink;
    private final String parentKey;
    /** Put before each field's name in its path ({@code query:} for a request target's query), or empty. */
    private final String pathPrefix;
    /** Each field's name is also a value of its own (see the class comment). */
    private final boolean namesAsValues;
    /** Wire offset of the current name's first byte. */
    private long keyStart;
    private final FieldContext field = new FieldContext();
    private final byte[] keyBuf = new byte[MAX_KEY_BYTES];
    private final PercentEscape escape = new PercentEscape();

    /** Wire offset of the next chunk's first byte. */
    private long pos;
    /** Where the chunk being written starts in its array, and its wire offset. */
    private int chunkOff;
    private long chunkPos;
    private State state = State.KEY;
    private int keyLen;
    private boolean keySeen;

    /**
     * A parser whose names are not read as values.
     *
     * @param ctx where values go
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of every value (a multipart part name), or null
     */
    public FormBodyParser(ParserContext ctx, long baseOffset, String name) {
        this(ctx.sink(), baseOffset, name, "", false);
    }

    /**
     * @param sink where values go
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of every value, or null
     * @param pathPrefix put before each field's name in its path
     * @param namesAsValues each name is also a value (only where nothing is rewritten)
     */
    public FormBodyParser(ValueSink sink, long baseOffset, String name, String pathPrefix, boolean namesAsValues) {
        this.sink = sink;
        this.pos = baseOffset;
        this.keyStart = baseOffset;
        this.parentKey = name;
        this.pathPrefix = pathPrefix;
        this.namesAsValues = namesAsValues;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        chunkOff = off;
        chunkPos = pos;
        int end = off + len;
        int i = off;
        while (i < end && state != State.DONE) {
            if (escape.pending()) {
                i = escapeByte(buf[i], i);
            } else {
                i = state == State.KEY ? key(buf, i, end) : value(buf, i, end);
            }
        }
        pos += len;
    }

    /**
     * The byte after a pending {@code %} or {@code %X}, in a name or a value. Returns {@code i + 1}
     * when it belonged to the escape, or {@code i} when the escape was invalid: its bytes are the
     * name's or value's as they are, and {@code b} is read again.
     */
    private int escapeByte(byte b, int i) {
        switch (escape.offer(b)) {
            case HELD -> {
            }
            case DECODED -> {
                if (state == State.KEY) {
                    appendKey(escape.decoded());
                } else {
                    escape.emitDecoded(sink);
                }
            }
            case NOT_AN_ESCAPE -> {
                if (state == State.KEY) {
                    heldToKey();
                } else {
                    escape.emitHeld(sink);
                }
                return i;
            }
        }
        return i + 1;
    }

    /** Consumes name bytes from {@code i}; returns where it stopped (the end, a value or an escape). */
    private int key(byte[] buf, int i, int end) {
        while (i < end) {
            byte b = buf[i];
            i++;
            switch (b) {
                case '&' -> {
                    if (keySeen) {
                        beginField(wireAt(i - 1));
                        sink.endValue();
                    }
                    resetKey();
                    keyStart = wireAt(i);
                }
                case '=' -> {
                    beginField(wireAt(i - 1));
                    state = State.VALUE;
                    return i;
                }
                case '+' -> appendKey((byte) ' ');
                case '%' -> {
                    keySeen = true;
                    escape.start(wireAt(i - 1));
                    return i;
                }
                default -> appendKey(b);
            }
        }
        return i;
    }

    /**
     * Consumes value bytes from {@code i}, emitting them; returns where it stopped (the end, a
     * name or an escape).
     */
    private int value(byte[] buf, int i, int end) {
        int run = i;
        while (i < end) {
            byte b = buf[i];
            if (b == '&' || b == '+' || b == '%') {
                flush(buf, run, i);
                long at = wireAt(i);
                i++;
                run = i;
                if (b == '&') {
                    sink.endValue();
                    resetKey();
                    keyStart = wireAt(i);
                    state = State.KEY;
                    return i;
                }
                if (b == '%') {
                    escape.start(at);
                    return i;
                }
                sink.escaped(SPACE, 0, 1, at, at + 1);
                continue;
            }
            i++;
        }
        flush(buf, run, i);
        return i;
    }

    @Override
    public void end() {
        if (state == State.VALUE) {
            if (escape.pending()) {
                escape.emitHeld(sink);
            }
            sink.endValue();
        } else if (state == State.KEY && keySeen) {
            if (escape.pending()) {
                heldToKey();
            }
            beginField(pos);
            sink.endValue();
        }
        state = State.DONE;
    }

    // --- helpers -------------------------------------------------------------------------

    private long wireAt(int i) {
        return chunkPos + (i - chunkOff);
    }

    private void flush(byte[] buf, int from, int to) {
        if (to > from) {
            sink.verbatim(buf, from, to - from, wireAt(from));
        }
    }

    /** An invalid {@code %} or {@code %X} in a name: its bytes are the name's. */
    private void heldToKey() {
        for (int k = 0; k < escape.heldLength(); k++) {
            appendKey(escape.heldByte(k));
        }
        escape.clear();
    }

    /** Begins the value of the field whose name ends before wire offset {@code keyEnd}. */
    private void beginField(long keyEnd) {
        String key = new String(keyBuf, 0, keyLen, StandardCharsets.UTF_8);
        if (namesAsValues && nameWorthReading(key)) {
            // The decoded name over its wire bytes; its path names no name, which may be the payload.
            field.clear().parentKey(parentKey).memberName();
            field.path().append(pathPrefix).append(NAME_PATH);
            sink.beginValue(field);
            sink.escaped(keyBuf, 0, keyLen, keyStart, keyEnd);
            sink.endValue();
        }
        field.clear().key(key).parentKey(parentKey);
        field.path().append(pathPrefix).append(key);
        sink.beginValue(field);
    }

    /**
     * Whether a name is read as a value: one that holds a byte no identifier does (a space, a
     * quote, a bracket, {@code <}, {@code $}, {@code %}, a backslash: what every attack needs), or
     * a long one (Spring4Shell's {@code class.module.classLoader.resources…} runs past 64 bytes).
     * Identifiers ({@code user_id}, {@code items}, {@code @type}, {@code a.b-c:d}) cannot carry an
     * attack, and reading each as a value would cost an API's request bodies half again, except
     * those that reach an object's prototype when a service merges the input into an object:
     * {@code __proto__}, and {@code prototype} (inside {@code constructor}), alone or in a
     * dotted path that qs and lodash's {@code set} follow ({@code __proto__.isAdmin},
     * {@code constructor.prototype.isAdmin}).
     */
    public static boolean nameWorthReading(String name) {
        if (name.contains("__proto__") || name.contains("prototype")) {
            return true;
        }
        int len = name.length();
        if (len == 0 || len > PLAIN_NAME_BYTES) {
            return len > 0;
        }
        for (int i = 0; i < len; i++) {
            if (!identifierByte(name.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean identifierByte(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
                || c == '@' || c == ':';
    }

    private void appendKey(byte b) {
        keySeen = true;
        if (keyLen < MAX_KEY_BYTES) {
            keyBuf[keyLen++] = b;
        }
    }

    private void resetKey() {
        keyLen = 0;
        keySeen = false;
    }
}
