package dev.sluice.inspector.head;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.form.FormBodyParser;
import dev.sluice.inspector.json.Base64Values;
import dev.sluice.inspector.json.NestedDocuments;
import dev.sluice.inspector.text.PercentEscape;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Streams an HTTP/1.1 request or response head ({@code message/http}, RFC 9112 §3, §4 and §5)
 * into the values an application reads from it, each named as {@link HeadFields} says:
 *
 * <ul>
 *   <li>the request target's path (origin or absolute form; scheme and authority skipped),
 *       percent-decoded as a router decodes it, one value;</li>
 *   <li>its query, as a form ({@link FormBodyParser}): one value per parameter, keyed by its
 *       name;</li>
 *   <li>each {@code Cookie} pair, keyed by the cookie's name, percent-decoded as most
 *       frameworks' cookie parsers do; a {@code Set-Cookie}'s one pair the same way (its
 *       attributes are the server's settings, not values);</li>
 *   <li>every other header's value as sent, keyed by its lower-case name, except the framing
 *       and routing ones, and in a response those of a fixed grammar ({@link HeadFields#inspected}). A line that starts with white space
 *       (obs-fold) continues the previous header.</li>
 * </ul>
 *
 * A header naming a URL or a gRPC error's message ({@link HeadFields#percentEncoded}) is one value, percent-decoded
 * (its query's parameters stay in it: a redirect's {@code ?email=} is found in context). The method, the version,
 * the fragment and a response's status line are not values. Bytes after the blank line that ends
 * the head (a message with its body, as {@code sluice scan} may be given) are read as text.
 * A value that is base64 of text (a cookie-session's JSON, an identity header's claims) is also
 * read as what it holds ({@link Base64Values}).
 * Lines may end in CRLF or a bare LF. Every byte sequence is a head: nothing is refused and no
 * outcome is recorded. Names are kept in buffers of {@value #MAX_NAME_BYTES} bytes (longer ones
 * are cut: they only give context); values are never buffered.
 */
public final class HttpHeadParser implements ByteSink {
    static final int MAX_NAME_BYTES = 256;
    private static final byte[] STATUS_LINE = "HTTP/".getBytes(StandardCharsets.US_ASCII);

    private enum State {
        METHOD, TARGET_START, AUTHORITY, PATH, QUERY, FRAGMENT, LINE_REST, NAME, VALUE_START, VALUE, SKIPPED_VALUE,
        COOKIE_NAME, COOKIE_VALUE, URL_VALUE, BINARY_VALUE, BODY
    }

    private final ParserContext ctx;
    private final ValueSink sink;
    private final FieldContext field = new FieldContext();
    private final PercentEscape escape = new PercentEscape();
    private final byte[] nameBuf = new byte[MAX_NAME_BYTES];
    private int nameLen;
    /** Where the cookie name in {@link #nameBuf} starts on the wire. */
    private long cookieNameWire;
    /** The header a continuation line adds to; null before the first or after one not inspected. */
    private String headerName;
    private FormBodyParser query;
    /** BINARY_VALUE: the decoding parser of a {@code -bin} field's value. */
    private ByteSink binary;
    private ByteSink body;
    /** AUTHORITY: the slashes seen since the target began; the third one starts the path. */
    private int slashes;
    private State state = State.METHOD;
    /** METHOD: how many bytes of {@code HTTP/} the first word began with so far; -1 once it differs. */
    private int methodLen;
    /** The start line was a response's status line. */
    private boolean response;
    /** COOKIE_NAME, COOKIE_VALUE: the pair is a {@code Set-Cookie}'s, whose attributes after it are no values. */
    private boolean setCookie;
    /** Wire offset of the next chunk's first byte; and of the chunk being written, with its array offset. */
    private long pos;
    private long chunkPos;
    private int chunkOff;

    /**
     * @param ctx where values go, and how to open a parser for the body after the head
     * @param baseOffset wire offset of the first byte this parser is given
     */
    public HttpHeadParser(ParserContext ctx, long baseOffset) {
        this.ctx = ctx;
        // A cookie or header of base64 JSON (an Express cookie-session, Azure's X-MS-CLIENT-PRINCIPAL) is read as what it holds.
        this.sink = Base64Values.around(ctx, ctx.sink());
        this.pos = baseOffset;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        chunkOff = off;
        chunkPos = pos;
        int end = off + len;
        int i = off;
        while (i < end) {
            if (escape.pending()) {
                i = escapeByte(buf[i], i);
                continue;
            }
            i = switch (state) {
                case METHOD -> method(buf, i, end);
                case TARGET_START -> targetStart(buf[i], i);
                case AUTHORITY -> authority(buf[i], i);
                case PATH -> decodedValue(buf, i, end, true);
                case QUERY -> query(buf, i, end);
                case FRAGMENT, LINE_REST, SKIPPED_VALUE -> skipToLineEnd(buf, i, end);
                case NAME -> name(buf[i], i);
                case VALUE_START -> valueStart(buf[i], i);
                case VALUE -> value(buf, i, end);
                case BINARY_VALUE -> binaryValue(buf, i, end);
                case COOKIE_NAME -> cookieName(buf[i], i);
                case COOKIE_VALUE, URL_VALUE -> decodedValue(buf, i, end, false);
                case BODY -> body(buf, i, end);
            };
        }
        pos += len;
    }

    @Override
    public void end() {
        if (escape.pending()) {
            escape.emitHeld(sink);
        }
        switch (state) {
            case PATH, VALUE, COOKIE_VALUE, URL_VALUE -> sink.endValue();
            case QUERY -> query.end();
            case BINARY_VALUE -> endBinary();
            case BODY -> {
                if (body != null) {
                    body.end();
                }
            }
            default -> {
            }
        }
        state = State.LINE_REST;
    }

    // --- request line ----------------------------------------------------------------------

    /**
     * The start line's first word: a method, then the request target follows; or {@code HTTP/}
     * and a version, a response's status line, which holds no value.
     */
    private int method(byte[] buf, int i, int end) {
        while (i < end) {
            byte b = buf[i++];
            if (b == ' ') {
                response = methodLen == STATUS_LINE.length;
                state = response ? State.LINE_REST : State.TARGET_START;
                return i;
            }
            if (b == '\n') {
                state = State.NAME;
                return i;
            }
            if (methodLen >= 0 && methodLen < STATUS_LINE.length) {
                methodLen = b == STATUS_LINE[methodLen] ? methodLen + 1 : -1;
            }
        }
        return i;
    }

    private int targetStart(byte b, int i) {
        switch (b) {
            case ' ' -> {
                return i + 1;
            }
            case '/' -> {
                beginValue(HeadFields.PATH, HeadFields.PATH);
                state = State.PATH;
                return i; // the slash is the path's
            }
            case '\n' -> state = State.NAME;
            case '\r' -> state = State.LINE_REST;
            default -> {
                // Absolute form (http://host/path?query), authority form (CONNECT host:port) or *.
                slashes = 0;
                state = State.AUTHORITY;
                return i;
            }
        }
        return i + 1;
    }

    private int authority(byte b, int i) {
        if (b == '/' && ++slashes == 3) {
            beginValue(HeadFields.PATH, HeadFields.PATH);
            state = State.PATH;
            return i;
        }
        if (b == '?' && slashes == 2) {
            beginQuery(i + 1);
        } else if (b == ' ' || b == '\r') {
            state = State.LINE_REST;
        } else if (b == '\n') {
            state = State.NAME;
        }
        return i + 1;
    }

    private void beginQuery(int first) {
        query = new FormBodyParser(NestedDocuments.around(ctx), wireAt(first), null, HeadFields.QUERY, true);
        state = State.QUERY;
    }

    private int query(byte[] buf, int i, int end) {
        int start = i;
        while (i < end) {
            byte b = buf[i];
            if (b == '#' || b == ' ' || b == '\r' || b == '\n') {
                if (i > start) {
                    query.write(buf, start, i - start);
                }
                query.end();
                query = null;
                state = b == '#' ? State.FRAGMENT : b == '\n' ? State.NAME : State.LINE_REST;
                return i + 1;
            }
            i++;
        }
        query.write(buf, start, i - start);
        return i;
    }

    // --- header lines ----------------------------------------------------------------------

    private int skipToLineEnd(byte[] buf, int i, int end) {
        while (i < end) {
            if (buf[i++] == '\n') {
                state = State.NAME;
                return i;
            }
        }
        return i;
    }

    /** A byte of a header line's name; the line's first byte when {@code nameLen} is 0. */
    private int name(byte b, int i) {
        if (b == '\n') {
            if (nameLen == 0) {
                state = State.BODY; // the blank line: the head is over
            }
            nameLen = 0; // a line without a colon is not a header
            return i + 1;
        }
        if (b == '\r' && nameLen == 0) {
            return i + 1;
        }
        if (nameLen == 0 && (b == ' ' || b == '\t')) {
            // obs-fold: the line continues the previous header's value.
            state = headerName == null ? State.SKIPPED_VALUE : State.VALUE_START;
            return i + 1;
        }
        if (b == ':') {
            headerName = new String(nameBuf, 0, nameLen, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            nameLen = 0;
            if (!HeadFields.inspected(headerName, response)) {
                headerName = null;
            }
            state = headerName == null ? State.SKIPPED_VALUE : State.VALUE_START;
            return i + 1;
        }
        if (nameLen < MAX_NAME_BYTES) {
            nameBuf[nameLen++] = b;
        }
        return i + 1;
    }

    private int valueStart(byte b, int i) {
        if (b == ' ' || b == '\t') {
            return i + 1;
        }
        if (b == '\r' || b == '\n') {
            state = State.LINE_REST; // an empty value: nothing to read
            return i;
        }
        if (headerName.equals("cookie") || headerName.equals("set-cookie")) {
            nameLen = 0;
            setCookie = headerName.length() == 10;
            state = State.COOKIE_NAME;
        } else if (response && BinaryFieldValue.binary(headerName)) {
            // Responses only: a request's are its client's tracing and auth (grpc-trace-bin on
            // every traced call), where a decoded walk would add a third to a head's cost to look
            // for attacks no server reads out of a protobuf.
            binary = BinaryFieldValue.open(ctx, wireAt(i), HeadFields.HEADER + headerName);
            state = State.BINARY_VALUE;
        } else {
            beginValue(headerName, HeadFields.HEADER + headerName);
            state = HeadFields.percentEncoded(headerName) ? State.URL_VALUE : State.VALUE;
        }
        return i;
    }

    /** Bytes of a {@code -bin} field's value, to its parser until the line's end. */
    private int binaryValue(byte[] buf, int i, int end) {
        int start = i;
        while (i < end && buf[i] != '\r' && buf[i] != '\n') {
            i++;
        }
        if (i > start) {
            binary.write(buf, start, i - start);
        }
        if (i < end) {
            endBinary();
            state = State.LINE_REST;
        }
        return i;
    }

    private void endBinary() {
        binary.end();
        binary = null;
    }

    private int value(byte[] buf, int i, int end) {
        int start = i;
        while (i < end && buf[i] != '\r' && buf[i] != '\n') {
            i++;
        }
        verbatim(buf, start, i);
        if (i < end) {
            sink.endValue();
            state = State.LINE_REST;
        }
        return i;
    }

    private int cookieName(byte b, int i) {
        switch (b) {
            case '=' -> {
                String cookie = new String(nameBuf, 0, nameLen, StandardCharsets.UTF_8);
                if (!setCookie && ctx.readsNames() && FormBodyParser.nameWorthReading(cookie)) {
                    cookieNameAsValue(wireAt(i));
                }
                nameLen = 0;
                beginValue(cookie, (setCookie ? HeadFields.SET_COOKIE : HeadFields.COOKIE) + cookie);
                state = State.COOKIE_VALUE;
            }
            case ';' -> {
                nameLen = 0; // a cookie without a value
                if (setCookie) {
                    state = State.SKIPPED_VALUE;
                }
            }
            case '\r', '\n' -> {
                nameLen = 0;
                state = State.LINE_REST;
                return i;
            }
            case ' ', '\t' -> {
                if (nameLen > 0 && nameLen < MAX_NAME_BYTES) {
                    nameBuf[nameLen++] = b; // white space inside a name is kept; before it, dropped
                }
            }
            default -> {
                if (nameLen == 0) {
                    cookieNameWire = wireAt(i);
                }
                if (nameLen < MAX_NAME_BYTES) {
                    nameBuf[nameLen++] = b;
                }
            }
        }
        return i + 1;
    }

    /**
     * A request cookie's name as a value of its own, when it could carry an attack (as a form's
     * or query's names are read: {@link FormBodyParser#nameWorthReading}); a framework that lists
     * or echoes the cookies it got shows {@code <script>…=1} as the page's own markup. Path
     * {@code cookie:(name)}; its bytes are the name's on the wire, up to {@code wireEnd}.
     */
    private void cookieNameAsValue(long wireEnd) {
        field.clear().memberName();
        field.path().append(HeadFields.COOKIE).append(FormBodyParser.NAME_PATH);
        sink.beginValue(field);
        sink.escaped(nameBuf, 0, nameLen, cookieNameWire, wireEnd);
        sink.endValue();
    }

    /**
     * Bytes of a percent-decoded value: the path (ended by {@code ?}, {@code #}, a space or the
     * line's end), a cookie's value (ended by {@code ;} or the line's end), or a URL a response
     * header names (ended by the line's end).
     */
    private int decodedValue(byte[] buf, int i, int end, boolean path) {
        boolean url = state == State.URL_VALUE;
        int run = i;
        while (i < end) {
            byte b = buf[i];
            if (b == '%') {
                verbatim(buf, run, i);
                escape.start(wireAt(i));
                return i + 1;
            }
            if (b == '\r' || b == '\n' || (path ? b == '?' || b == '#' || b == ' ' : b == ';' && !url)) {
                verbatim(buf, run, i);
                sink.endValue();
                if (b == '?') {
                    beginQuery(i + 1);
                } else if (b == ';') {
                    // A Cookie's next pair; a Set-Cookie's attributes (Path, Expires, ...).
                    nameLen = 0;
                    state = setCookie ? State.SKIPPED_VALUE : State.COOKIE_NAME;
                } else if (b == '#') {
                    state = State.FRAGMENT;
                } else {
                    state = State.LINE_REST;
                    return i; // the line's end is read there
                }
                return i + 1;
            }
            i++;
        }
        verbatim(buf, run, i);
        return i;
    }

    /** The byte after a pending {@code %} or {@code %X} of a decoded value. */
    private int escapeByte(byte b, int i) {
        switch (escape.offer(b)) {
            case HELD -> {
            }
            case DECODED -> escape.emitDecoded(sink);
            case NOT_AN_ESCAPE -> {
                escape.emitHeld(sink);
                return i;
            }
        }
        return i + 1;
    }

    // --- after the head --------------------------------------------------------------------

    private int body(byte[] buf, int i, int end) {
        if (body == null) {
            body = ctx.open("text/plain", wireAt(i), null, 1);
        }
        body.write(buf, i, end - i);
        return end;
    }

    // --- helpers ---------------------------------------------------------------------------

    private void beginValue(String key, String path) {
        field.clear().key(key);
        field.path().append(path);
        sink.beginValue(field);
    }

    private void verbatim(byte[] buf, int from, int to) {
        if (to > from) {
            sink.verbatim(buf, from, to - from, wireAt(from));
        }
    }

    private long wireAt(int i) {
        return chunkPos + (i - chunkOff);
    }
}
