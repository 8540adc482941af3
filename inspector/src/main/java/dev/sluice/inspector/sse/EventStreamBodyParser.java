package dev.sluice.inspector.sse;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.delta.DeltaContext;
import dev.sluice.inspector.json.JsonBodyParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a Server-Sent Events stream as its events: lines end at CRLF, LF or CR; a line
 * {@code field: value} sets a field (one space after the colon is not part of the value); a line
 * opening with {@code :} is a comment; a blank line ends the event.
 *
 * <p>What is inspected, and as what:
 * <ul>
 *   <li>An event's {@code data} lines are read together, from their first byte that is not a
 *       space or tab, with a line feed between lines as a client joins them. When that byte is
 *       {@code {} or {@code [}, the data is an embedded JSON body (one that turns out not to be
 *       JSON, such as {@code [DONE]}, is read as text without a parse failure); between two lines
 *       that body is fed a line feed and spaces as long as the wire bytes standing there
 *       ({@code \n}, {@code data: }, any comment line), JSON whitespace, so every offset stays the
 *       wire offset. Otherwise the data is one text value, the bytes between lines decoded to one
 *       line feed. Its parent key is the event's {@code event} type when that came first.</li>
 *   <li>String values of the JSON data on a delta path (a model's streamed text) are joined
 *       to what the same path sent in earlier events ({@link DeltaContext}), so a value cut
 *       across events is found.</li>
 *   <li>The value of any other field, and a comment, is a text value of its own whose parent key
 *       is the field's name. One that comes after the event's data has begun ({@code id:} after
 *       {@code data:}, a debug comment) waits, up to {@value LateFields#MAX_BYTES} bytes per
 *       event, and is inspected once the data is over, since values never nest; past that
 *       bound the rest is not inspected (TOKEN_LIMIT). A line between two data lines stands
 *       inside the data's span and is not a value.</li>
 * </ul>
 *
 * <p>An event's values end at its blank line, so a rewriting session releases each event as it
 * ends: a stream that never ends is forwarded event by event, not held. A last event without its
 * blank line is inspected too (a client drops it, but its bytes were sent).
 *
 * <p>Bounded: a field name is compared on its first {@value #MAX_NAME} bytes, an event type
 * kept to {@value #MAX_EVENT_TYPE} and lines after an event's data to
 * {@value LateFields#MAX_BYTES}; nothing else is buffered. Every byte sequence is an event
 * stream: the only outcome recorded is that bound's.
 */
public final class EventStreamBodyParser implements ByteSink {
    static final int MAX_NAME = 32;
    static final int MAX_EVENT_TYPE = 64;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] BLANKS = new byte[1024];

    static {
        Arrays.fill(BLANKS, (byte) ' ');
    }

    private enum State { LINE_START, NAME, VALUE_START, VALUE }

    /** What the line being read sets, decided once its name has ended. */
    private enum Field { DATA, EVENT, OTHER, COMMENT }

    private final ParserContext ctx;
    private final ValueSink sink;
    private final int depth;
    private final FieldContext context = new FieldContext();
    /** Where an event's JSON data is parsed: its streamed text joined across events. */
    private final DeltaContext deltas;
    private State state = State.LINE_START;
    /** Wire offset of the next byte. */
    private long pos;
    /** How many bytes of a byte order mark the stream opened with so far; -1 once past it. */
    private int bom;
    /** The last line ended with CR: a line feed next belongs to it. */
    private boolean afterCr;

    private final byte[] name = new byte[MAX_NAME];
    private int nameLength;
    private Field field;

    private final byte[] eventType = new byte[MAX_EVENT_TYPE];
    private int eventTypeLength;

    /** The event's data read as JSON, once its first byte came; else null. */
    private ByteSink json;
    /** The event's data is an open text value. */
    private boolean text;
    /** Where the last data line ended (its terminator's offset), once the event's data has begun; else -1. */
    private long dataLineEnd = -1;
    /** A field line's text value is open. */
    private boolean fieldValue;
    /** Field and comment lines after the event's data began, waiting for it to end. */
    private final LateFields late = new LateFields();

    public EventStreamBodyParser(ParserContext ctx, long baseOffset, int depth) {
        this.ctx = ctx;
        this.sink = ctx.sink();
        this.pos = baseOffset;
        this.depth = depth;
        this.deltas = new DeltaContext(ctx);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (bom >= 0) {
                if (buf[i] == BOM[bom]) {
                    i++;
                    pos++;
                    bom = bom == 2 ? -1 : bom + 1;
                    continue;
                }
                bom = -1; // a partial mark is dropped: no field name starts with those bytes
            }
            i = step(buf, i, end);
        }
    }

    /** Reads from {@code buf[i]}: one structural byte, or a run of value bytes; returns the next index. */
    private int step(byte[] buf, int i, int end) {
        byte b = buf[i];
        if (afterCr) {
            afterCr = false;
            if (b == '\n') {
                pos++;
                consumed();
                return i + 1;
            }
        }
        if (b == '\r' || b == '\n') {
            endLine();
            afterCr = b == '\r';
            pos++;
            consumed();
            return i + 1;
        }
        switch (state) {
            case LINE_START -> {
                nameLength = 0;
                if (b == ':') {
                    field = Field.COMMENT;
                    state = State.VALUE_START;
                } else {
                    name(b);
                    state = State.NAME;
                }
            }
            case NAME -> {
                if (b == ':') {
                    nameEnded();
                    state = State.VALUE_START;
                } else {
                    name(b);
                }
            }
            case VALUE_START -> {
                state = State.VALUE;
                if (b != ' ') {
                    beginValue();
                    return value(buf, i, end);
                }
                pos++;
                beginValue();
                return i + 1;
            }
            case VALUE -> {
                return value(buf, i, end);
            }
        }
        pos++;
        return i + 1;
    }

    /**
     * Tells a rewriting session that no value starts before {@code pos}. An open JSON body says
     * that itself, token by token: one broken across lines may still have a value to begin
     * before here (read as text from where it broke).
     */
    private void consumed() {
        if (json == null) {
            ctx.consumedTo(Math.min(pos, late.firstWire()));
        }
    }

    private void name(byte b) {
        if (nameLength < MAX_NAME) {
            name[nameLength] = b;
        }
        nameLength++;
    }

    private boolean nameIs(byte[] n) {
        return nameLength == n.length && Arrays.equals(name, 0, nameLength, n, 0, n.length);
    }

    /** The field name is read (at its colon or the line's end). */
    private void nameEnded() {
        field = nameIs(DATA) ? Field.DATA : nameIs(EVENT) ? Field.EVENT : Field.OTHER;
    }

    /** A field's value starts at {@code pos} (after the optional space). */
    private void beginValue() {
        if (field == Field.DATA && dataLineEnd >= 0) {
            late.discard();
            joinLines(dataLineEnd, pos);
        } else if (field == Field.EVENT) {
            eventTypeLength = 0;
        }
    }

    /** Passes the value bytes from {@code buf[i]} (at wire offset {@code pos}) on, up to the line's end. */
    private int value(byte[] buf, int i, int end) {
        int stop = i;
        while (stop < end && buf[stop] != '\r' && buf[stop] != '\n') {
            stop++;
        }
        if (field == Field.DATA) {
            dataBytes(buf, i, stop);
        } else {
            fieldBytes(buf, i, stop);
        }
        pos += stop - i;
        return stop;
    }

    private void dataBytes(byte[] buf, int i, int stop) {
        int from = i;
        if (!dataBegun()) {
            while (from < stop && (buf[from] == ' ' || buf[from] == '\t')) {
                from++;
            }
            if (from == stop) {
                return;
            }
            long at = pos + (from - i);
            if (buf[from] == '{' || buf[from] == '[') {
                // The first byte decides, as a client's JSON.parse would.
                json = depth + 1 > ctx.limits().maxDepth()
                        ? ctx.open(ParserContext.GUESSED_JSON, at, eventTypeName(), depth + 1)
                        : new JsonBodyParser(deltas, at, eventTypeName(), 0, true);
            } else {
                context.clear().parentKey(eventTypeName());
                sink.beginValue(context);
                text = true;
            }
        }
        if (json != null) {
            json.write(buf, from, stop - from);
        } else if (stop > from) {
            sink.verbatim(buf, from, stop - from, pos + (from - i));
        }
    }

    private boolean dataBegun() {
        return json != null || text;
    }

    private void fieldBytes(byte[] buf, int i, int stop) {
        if (field == Field.EVENT) {
            int n = Math.min(stop - i, MAX_EVENT_TYPE - eventTypeLength);
            System.arraycopy(buf, i, eventType, eventTypeLength, n);
            eventTypeLength += n;
        }
        if (stop == i) {
            return;
        }
        if (dataBegun()) {
            late.add(fieldName(), buf, i, stop - i, pos); // a value of its own once the data is over
            return;
        }
        if (!fieldValue) {
            context.clear().parentKey(fieldName());
            sink.beginValue(context);
            fieldValue = true;
        }
        sink.verbatim(buf, i, stop - i, pos);
    }

    /**
     * Puts between the last data line and the next what a client puts there, one line feed; the
     * wire bytes {@code [from, to)} stand there.
     */
    private void joinLines(long from, long to) {
        if (text) {
            sink.escaped(NEWLINE, 0, 1, from, to);
            return;
        }
        json.write(NEWLINE, 0, 1);
        for (long left = to - from - 1; left > 0; left -= BLANKS.length) {
            json.write(BLANKS, 0, (int) Math.min(left, BLANKS.length));
        }
    }

    /** The line ending at {@code pos} is over. */
    private void endLine() {
        switch (state) {
            case LINE_START -> dispatch();
            case NAME, VALUE_START -> {
                if (state == State.NAME) {
                    nameEnded();
                }
                // "data" alone, or "data:", is an empty data line: a line feed once the data has begun.
                if (field == Field.DATA) {
                    beginValue();
                    dataLineEnd = dataBegun() ? pos : -1;
                }
            }
            case VALUE -> {
                if (field == Field.DATA) {
                    dataLineEnd = dataBegun() ? pos : -1;
                }
                endFieldValue();
            }
        }
        state = State.LINE_START;
    }

    /** The name of the field being read; null for a comment. */
    private String fieldName() {
        return field == Field.COMMENT ? null
                : new String(name, 0, Math.min(nameLength, MAX_NAME), StandardCharsets.UTF_8);
    }

    private void endFieldValue() {
        late.endLine();
        if (fieldValue) {
            sink.endValue();
            fieldValue = false;
        }
    }

    /** A blank line (or the end of the stream): the event is over. */
    private void dispatch() {
        if (json != null) {
            json.end();
            json = null;
        }
        if (text) {
            sink.endValue();
            text = false;
        }
        if (late.dropped()) {
            ctx.outcomes().record(Outcome.TOKEN_LIMIT, "an event's field lines after its data past "
                    + LateFields.MAX_BYTES + " bytes: the rest not inspected");
        }
        late.emitTo(sink, context);
        dataLineEnd = -1;
        eventTypeLength = 0;
    }

    private String eventTypeName() {
        return eventTypeLength == 0 ? null : new String(eventType, 0, eventTypeLength, StandardCharsets.UTF_8);
    }

    @Override
    public void end() {
        endFieldValue();
        dispatch();
    }
}
