package dev.sluice.inspector.text;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streams a {@code text/csv} body (RFC 4180; {@code text/tab-separated-values} with a tab) into
 * one value per non-empty cell. The first record is the header: its cells name the columns
 * (one String per header cell, made once) and are values themselves (key null, path {@code
 * header[<column>]}), because a file without a header row would otherwise hide its first
 * record. Every later cell is a value with key = its column's header and path {@code
 * row[<n>].<header>} ({@code n} counts data records from 0; {@code row[<n>][<column>]} past the
 * header's width or under an empty header). The parent key is the part name given at
 * construction.
 *
 * <p>Quoted cells: the enclosing quotes are not part of the value; {@code ""} is one {@code
 * escaped} quote over 2 wire bytes; delimiters, CR and LF inside quotes are value bytes. Records
 * end at CRLF, LF or a bare CR; empty lines are skipped. Cells stream: nothing of a value is
 * buffered. Lenient where RFC 4180 is strict: a quote inside an unquoted cell is a value byte, and
 * bytes after a closing quote continue the same cell.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>bound</th><th>beyond it</th></tr>
 *   <tr><td>header record</td><td>maxTokenBytes (1 MiB)</td><td>TOKEN_LIMIT; the rest of the body is one text value</td></tr>
 *   <tr><td>stored header name</td><td>{@value #MAX_HEADER_NAME} bytes</td><td>cut (it is only a key)</td></tr>
 * </table>
 *
 * <p>Outcomes: a quoted cell still open at the end of the body is TRUNCATED (what it held was
 * emitted and stands).
 */
public final class CsvBodyParser implements ByteSink {
    static final int MAX_HEADER_NAME = 128;

    private static final byte[] QUOTE = {'"'};
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final boolean[] QUOTED_ENDS = ValueEmitter.stopSet('"');

    private enum State {
        /** At the start of a cell. */
        CELL_START,
        /** In an unquoted cell. */
        UNQUOTED,
        /** In a quoted cell. */
        QUOTED,
        /** After a quote inside a quoted cell: {@code "} escapes it, anything else closed the cell. */
        QUOTE_IN_QUOTED,
        /** After a CR ending a record: an LF is part of the line end. */
        AFTER_CR,
        /** The header was too long: everything left is one text value. */
        TEXT_REST,
        DONE
    }

    private final ValueSink sink;
    private final OutcomeRecorder outcomes;
    private final String parentKey;
    private final byte delimiter;
    private final boolean[] unquotedEnds;
    private final long headerLimitEnd;
    private final ValueEmitter values;
    private final byte[] headerName = new byte[MAX_HEADER_NAME];

    private State state = State.CELL_START;
    private boolean inHeader = true;
    private String[] headers = new String[16];
    private int headerCount;
    private int headerNameLen;
    private long row;
    private int column;
    private boolean recordStarted;
    private long quoteWire;
    private TextBodyParser rest;

    /** A comma-separated parser; see {@link #forContentType} for tab-separated values. */
    public CsvBodyParser(ParserContext ctx, long baseOffset, String name) {
        this(ctx, baseOffset, name, (byte) ',');
    }

    /**
     * @param ctx where values go, limits and outcomes
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of every value (a multipart part name), or null
     * @param delimiter the cell delimiter ({@code ,} or a tab)
     */
    public CsvBodyParser(ParserContext ctx, long baseOffset, String name, byte delimiter) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("CSV delimiter cannot be a quote or a line end");
        }
        this.sink = ctx.sink();
        this.outcomes = ctx.outcomes();
        this.parentKey = name;
        this.delimiter = delimiter;
        this.unquotedEnds = ValueEmitter.stopSet((char) (delimiter & 0xff), '\r', '\n');
        this.values = new ValueEmitter(sink, baseOffset, name, this::nameValue, this::keepHeaderName);
        this.headerLimitEnd = baseOffset + ctx.limits().maxTokenBytes();
    }

    /** A parser for {@code contentType}: tab-delimited for {@code text/tab-separated-values}, else commas. */
    public static CsvBodyParser forContentType(ParserContext ctx, long baseOffset, String name, String contentType) {
        boolean tsv = contentType != null && contentType.regionMatches(true, 0, "text/tab-separated-values", 0, 25);
        return new CsvBodyParser(ctx, baseOffset, name, tsv ? (byte) '\t' : (byte) ',');
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (state == State.DONE) {
            return;
        }
        values.beginChunk(off);
        int end = off + len;
        int i = off;
        while (i < end) {
            if (state == State.TEXT_REST) {
                rest.write(buf, i, end - i);
                break;
            }
            int limit = end;
            if (inHeader) {
                long left = headerLimitEnd - values.wireAt(i);
                if (left <= 0) {
                    headerTooLong(buf, i);
                    continue;
                }
                limit = (int) Math.min(end, i + left);
            }
            i = step(buf, i, limit);
        }
        values.endChunk(buf, end);
    }

    private int step(byte[] buf, int i, int end) {
        byte b = buf[i];
        switch (state) {
            case CELL_START -> {
                recordStarted |= b != '\r' && b != '\n';
                if (b == '"') {
                    state = State.QUOTED;
                    return i + 1;
                }
                if (b == delimiter) {
                    endCell();
                    return i + 1;
                }
                if (b == '\r' || b == '\n') {
                    endRecord(b);
                    return i + 1;
                }
                state = State.UNQUOTED;
                return i;
            }
            case UNQUOTED -> {
                return unquoted(buf, i, end);
            }
            case QUOTED -> {
                return quoted(buf, i, end);
            }
            case QUOTE_IN_QUOTED -> {
                if (b == '"') {
                    values.escaped(QUOTE, 0, 1, quoteWire, quoteWire + 2);
                    keepHeaderName(QUOTE, 0, 1);
                    state = State.QUOTED;
                    return i + 1;
                }
                state = b == delimiter || b == '\r' || b == '\n' ? State.CELL_START : State.UNQUOTED;
                return i;
            }
            case AFTER_CR -> {
                state = State.CELL_START;
                return b == '\n' ? i + 1 : i;
            }
            default -> {
                return end;
            }
        }
    }

    /** RFC 4180 §2 rule 4-5: a plain cell runs to the delimiter or the line end. */
    private int unquoted(byte[] buf, int i, int end) {
        int stop = values.runUntil(buf, i, end, unquotedEnds);
        if (stop < end) {
            state = State.CELL_START;
        }
        return stop;
    }

    /** RFC 4180 §2 rule 6-7: a quoted cell runs to a quote that is not doubled. */
    private int quoted(byte[] buf, int i, int end) {
        int stop = values.runUntil(buf, i, end, QUOTED_ENDS);
        if (stop == end) {
            return end;
        }
        quoteWire = values.wireAt(stop);
        state = State.QUOTE_IN_QUOTED;
        return stop + 1;
    }

    private void endCell() {
        values.close();
        if (inHeader) {
            int from = headerNameLen >= 3 && column == 0 && Arrays.equals(headerName, 0, 3, BOM, 0, 3) ? 3 : 0;
            if (column == headers.length) {
                headers = Arrays.copyOf(headers, headers.length * 2);
            }
            headers[column] = headerNameLen > from
                    ? new String(headerName, from, headerNameLen - from, StandardCharsets.UTF_8) : null;
            headerCount = column + 1;
            headerNameLen = 0;
        }
        column++;
    }

    private void endRecord(byte b) {
        state = b == '\r' ? State.AFTER_CR : State.CELL_START;
        if (!recordStarted) {
            return;
        }
        endCell();
        if (inHeader) {
            inHeader = false;
        } else {
            row++;
        }
        column = 0;
        recordStarted = false;
    }

    private void headerTooLong(byte[] buf, int i) {
        values.flush(buf, i);
        values.close();
        outcomes.record(Outcome.TOKEN_LIMIT, "csv: header record longer than maxTokenBytes");
        inHeader = false;
        state = State.TEXT_REST;
        rest = new TextBodyParser(sink, values.wireAt(i), parentKey);
    }

    @Override
    public void end() {
        switch (state) {
            case TEXT_REST -> rest.end();
            case QUOTED -> {
                values.close();
                outcomes.record(Outcome.TRUNCATED, "csv: quoted cell not closed at end of body");
            }
            case DONE -> {
            }
            default -> values.close();
        }
        state = State.DONE;
    }

    /** Key and path of the cell about to begin a value. */
    private void nameValue(FieldContext field) {
        StringBuilder path = field.path();
        if (inHeader) {
            path.append("header[").append(column).append(']');
        } else {
            String header = column < headerCount ? headers[column] : null;
            // A record's cells are siblings (FieldContext#container): the row number tells records apart.
            field.key(header).container(this, row, 0);
            path.append("row[").append(row).append(']');
            if (header != null) {
                path.append('.').append(header);
            } else {
                path.append('[').append(column).append(']');
            }
        }
    }

    private void keepHeaderName(byte[] b, int off, int len) {
        if (inHeader) {
            int n = Math.min(len, MAX_HEADER_NAME - headerNameLen);
            System.arraycopy(b, off, headerName, headerNameLen, n);
            headerNameLen += n;
        }
    }
}
