package dev.sluice.inspector.multipart;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.MediaTypeParameter;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.decode.BodyCharset;
import dev.sluice.inspector.form.FormBodyParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;

/**
 * Streams a {@code multipart/*} body (RFC 2046 §5.1; {@code multipart/form-data}: RFC 7578):
 * finds the delimiter lines, reads each part's headers and hands the part body, as it arrives,
 * to a child parser from {@link ParserContext#open} for the part's Content-Type, at the part
 * body's wire offset, with the part's {@code name} as the parent key of its values. This
 * parser emits no values itself.
 *
 * <p>Shape accepted: a preamble, then {@code --boundary} lines (CRLF or bare LF; transport
 * padding after the boundary is skipped), part headers up to an empty line, the part body,
 * and {@code --boundary--} closing the body. The delimiter is found across any chunking
 * ({@link DelimiterScanner}: at most {@code boundary length + 4} bytes are held back, none
 * copied). A part body is never buffered.
 *
 * <p>Preamble and epilogue are not part of any part, and RFC 2046 says to ignore them; Sluice
 * scans them as raw text instead (they are a free channel past a parser that ignores them).
 * Part bodies with {@code Content-Transfer-Encoding: base64} or {@code quoted-printable}, or a
 * charset that is not ASCII, are decoded where nothing is rewritten ({@link TransferDecoding}),
 * and scanned as sent by a rewriting session (see {@link PartHeaders#effectiveContentType()}).
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>at the limit</th></tr>
 *   <tr><td>header block of one part (and padding after a delimiter)</td><td>maxTokenBytes (1 MiB)</td>
 *       <td>TOKEN_LIMIT; the rest of the body is scanned raw</td></tr>
 *   <tr><td>header lines of one part</td><td>{@value #MAX_HEADERS}</td><td>TOKEN_LIMIT; rest scanned raw</td></tr>
 *   <tr><td>stored bytes of one header line</td><td>{@value #MAX_STORED_LINE}</td>
 *       <td>the line is cut (a longer Content-Disposition loses its tail)</td></tr>
 *   <tr><td>parts</td><td>maxParts (256)</td><td>PART_LIMIT; later parts are skipped (not inspected)</td></tr>
 *   <tr><td>nesting</td><td>maxDepth (128)</td><td>the context opens a raw parser instead</td></tr>
 * </table>
 *
 * <p>Other outcomes: no usable {@code boundary} parameter, two that differ (servers disagree on
 * which counts), or a body without any delimiter line: PARSE_ERROR, and the whole body is
 * scanned raw; the route's {@code parse_error} fail rule decides whether it goes on. A body that ends before the close
 * delimiter: TRUNCATED; the open part is ended and what it saw stands.
 */
public final class MultipartBodyParser implements ByteSink {
    static final int MAX_HEADERS = 64;
    static final int MAX_STORED_LINE = 8 * 1024;
    /** RFC 2046 §5.1.1 allows 70; a longer one is accepted up to this (leniency costs nothing). */
    static final int MAX_BOUNDARY = 256;

    private static final String RAW = "application/octet-stream";

    private enum State {
        /** Before the first delimiter; bytes go to the raw preamble parser. */
        PREAMBLE,
        /** Just after {@code --boundary}: {@code --} closes, else the line must end. */
        DELIMITER_TAIL,
        /** Transport padding (or junk) after a delimiter, up to the line end. */
        DELIMITER_PADDING,
        /** Header lines of a part, up to the empty line. */
        HEADERS,
        /** A part body, streamed to its child parser. */
        BODY,
        /** After the close delimiter; scanned raw. */
        EPILOGUE,
        /** Structure given up: the rest goes to a raw parser. */
        RAW_REST,
        DONE
    }

    /** The path of a part's file name read as a value. */
    static final String FILENAME_PATH = "(filename)";
    /** The key of a part's file name: the Content-Disposition parameter that carries it. */
    static final String FILENAME_KEY = "filename";

    private final ParserContext ctx;
    private final OutcomeRecorder outcomes;
    private final String name;
    private final int depth;
    private final int maxParts;
    private final int maxHeaderBytes;
    private final DelimiterScanner scanner;
    private final PartHeaders headers = new PartHeaders();
    private final FieldContext partField = new FieldContext();

    private State state = State.PREAMBLE;
    private long pos;
    /** Where the current state's bytes go: preamble, part body, epilogue or raw rest (null: dropped). */
    private ByteSink out;
    private boolean tailDash;
    private int lineBytes;
    private int blockBytes;
    private int headerLines;
    private byte[] line = new byte[256];
    private int lineLen;
    private int parts;

    /**
     * @param ctx where values go, limits, outcomes, child parsers
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of the body (a part name when nested), or null
     * @param boundary the boundary, without the leading {@code --}; 1 to {@value #MAX_BOUNDARY}
     *     bytes, no CR or LF (see {@link #forContentType})
     * @param depth nesting level of this body (outer body = 0)
     */
    public MultipartBodyParser(ParserContext ctx, long baseOffset, String name, byte[] boundary, int depth) {
        if (!validBoundary(boundary)) {
            throw new IllegalArgumentException("invalid multipart boundary of " + boundary.length + " bytes");
        }
        this.ctx = ctx;
        this.outcomes = ctx.outcomes();
        this.name = name;
        this.depth = depth;
        this.pos = baseOffset;
        InspectionLimits limits = ctx.limits();
        this.maxParts = limits.maxParts();
        this.maxHeaderBytes = limits.maxTokenBytes();
        this.scanner = new DelimiterScanner(boundary);
        this.scanner.reset(true, baseOffset);
        this.out = ctx.open(RAW, baseOffset, name, depth + 1);
    }

    /** {@link #forContentType(ParserContext, long, String, String, int)} for an outer body (depth 0). */
    public static ByteSink forContentType(ParserContext ctx, long baseOffset, String name, String contentType) {
        return forContentType(ctx, baseOffset, name, contentType, 0);
    }

    /**
     * A parser for a body of {@code contentType} ({@code multipart/...; boundary=...}, the
     * boundary quoted or not); without a usable boundary, records PARSE_ERROR and returns the
     * raw parser the context opens for the whole body.
     */
    public static ByteSink forContentType(ParserContext ctx, long baseOffset, String name, String contentType,
            int depth) {
        byte[] boundary = BoundaryParameter.of(contentType);
        if (boundary == null || !validBoundary(boundary)) {
            ctx.outcomes().record(Outcome.PARSE_ERROR, "multipart: no usable boundary parameter");
            return ctx.open(RAW, baseOffset, name, depth + 1);
        }
        if (MediaTypeParameter.ambiguous(contentType, "boundary")) {
            // Parts split by one boundary may be one part to a server that takes the other.
            ctx.outcomes().record(Outcome.PARSE_ERROR, "multipart: two boundary parameters that differ");
            return ctx.open(RAW, baseOffset, name, depth + 1);
        }
        return new MultipartBodyParser(ctx, baseOffset, name, boundary, depth);
    }

    static boolean validBoundary(byte[] b) {
        if (b == null || b.length == 0 || b.length > MAX_BOUNDARY) {
            return false;
        }
        for (byte c : b) {
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        long chunkPos = pos;
        while (i < end) {
            long wire = chunkPos + (i - off);
            i = switch (state) {
                case PREAMBLE, BODY -> delimited(buf, i, end, wire);
                case DELIMITER_TAIL -> delimiterTail(buf[i], i, wire);
                case DELIMITER_PADDING -> padding(buf, i, end, wire);
                case HEADERS -> header(buf, i, end, wire);
                case EPILOGUE, RAW_REST -> {
                    out.write(buf, i, end - i);
                    yield end;
                }
                case DONE -> end;
            };
        }
        pos = chunkPos + len;
    }

    /** Preamble or part body: pass bytes on until a delimiter. */
    private int delimited(byte[] buf, int i, int end, long wire) {
        int after = scanner.scan(buf, i, end, wire, out);
        if (after < 0) {
            return end;
        }
        if (out != null) {
            out.end();
            out = null;
        }
        state = State.DELIMITER_TAIL;
        tailDash = false;
        return after;
    }

    /** RFC 2046 §5.1.1: {@code close-delimiter := delimiter "--"}; otherwise padding then CRLF. */
    private int delimiterTail(byte b, int i, long wire) {
        if (b == '-' && !tailDash) {
            tailDash = true;
            return i + 1;
        }
        if (b == '-') {
            state = State.EPILOGUE;
            out = ctx.open(RAW, wire + 1, name, depth + 1);
            return i + 1;
        }
        state = State.DELIMITER_PADDING;
        lineBytes = 0;
        return i;
    }

    private int padding(byte[] buf, int i, int end, long wire) {
        int nl = PartHeaders.indexOf(buf, i, end, (byte) '\n');
        int take = (nl < 0 ? end : nl + 1) - i;
        int room = maxHeaderBytes - lineBytes;
        if (take > room) {
            // Give up at the exact byte past the budget, so the outcome is the same for any chunking.
            return giveUp(Outcome.TOKEN_LIMIT, "multipart: delimiter line longer than maxTokenBytes", i + room,
                    wire + room);
        }
        lineBytes += take;
        if (nl < 0) {
            return end;
        }
        startHeaders();
        return nl + 1;
    }

    private void startHeaders() {
        state = State.HEADERS;
        headers.reset();
        lineLen = 0;
        blockBytes = 0;
        headerLines = 0;
    }

    /** Header lines up to the empty line that ends them (RFC 2046 §5.1.1 body-part). */
    private int header(byte[] buf, int i, int end, long wire) {
        int nl = PartHeaders.indexOf(buf, i, end, (byte) '\n');
        int stop = nl < 0 ? end : nl;
        int take = (nl < 0 ? end : nl + 1) - i;
        int room = maxHeaderBytes - blockBytes;
        if (take > room) {
            // Give up at the exact byte past the budget, so the outcome is the same for any chunking.
            return giveUp(Outcome.TOKEN_LIMIT, "multipart: part " + (parts + 1) + " headers longer than maxTokenBytes",
                    i + room, wire + room);
        }
        blockBytes += take;
        store(buf, i, stop);
        if (nl < 0) {
            return end;
        }
        int len = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
        lineLen = 0;
        if (len > 0) {
            if (++headerLines > MAX_HEADERS) {
                return giveUp(Outcome.TOKEN_LIMIT, "multipart: part " + (parts + 1) + " has more than "
                        + MAX_HEADERS + " headers", nl + 1, wire + (nl + 1 - i));
            }
            headers.line(line, len);
            return nl + 1;
        }
        startBody(wire + (nl + 1 - i));
        return nl + 1;
    }

    private void store(byte[] buf, int from, int to) {
        int n = Math.min(to - from, MAX_STORED_LINE - lineLen);
        if (n <= 0) {
            return;
        }
        if (lineLen + n > line.length) {
            byte[] bigger = new byte[Math.min(MAX_STORED_LINE, Math.max(line.length * 2, lineLen + n))];
            System.arraycopy(line, 0, bigger, 0, lineLen);
            line = bigger;
        }
        System.arraycopy(buf, from, line, lineLen, n);
        lineLen += n;
    }

    private void startBody(long bodyStart) {
        parts++;
        if (parts > maxParts) {
            if (parts == maxParts + 1) {
                outcomes.record(Outcome.PART_LIMIT, "multipart: more than " + maxParts + " parts");
            }
            out = null;
        } else {
            if (ctx.readsNames()) {
                partNames(bodyStart);
            }
            out = ctx.rewriting() ? ctx.openPart(headers.effectiveContentType(), bodyStart, headers.name(), depth + 1)
                    : decodedPart(bodyStart);
        }
        state = State.BODY;
        scanner.reset(true, bodyStart);
    }

    /**
     * A request part's file name, and its field name when it could carry an attack
     * ({@link FormBodyParser#nameWorthReading}), as values of their own: an upload handler that
     * joins the file name to its folder writes {@code ../../etc/cron.d/x} where it points, and a
     * page that lists uploads shows {@code <img onerror=…>.png}. Paths {@value #FILENAME_PATH}
     * and {@value FormBodyParser#NAME_PATH} (they do not print the names), parent key the part's
     * name; their bytes stand for the part's header block on the wire.
     */
    private void partNames(long bodyStart) {
        long headerStart = bodyStart - blockBytes;
        String field = headers.name();
        if (field != null && FormBodyParser.nameWorthReading(field)) {
            nameValue(FormBodyParser.NAME_PATH, field, headerStart, bodyStart);
        }
        String file = headers.filename();
        if (file != null && !file.isEmpty()) {
            nameValue(FILENAME_PATH, file, headerStart, bodyStart);
        }
        if (headers.filenameAsSent() != null) {
            nameValue(FILENAME_PATH, headers.filenameAsSent(), headerStart, bodyStart);
        }
    }

    private void nameValue(String path, String text, long wireStart, long wireEnd) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ValueSink sink = ctx.sink();
        partField.clear().parentKey(headers.name());
        if (path.equals(FormBodyParser.NAME_PATH)) {
            partField.memberName(); // the part's name is this very name: it gives itself no context
        } else {
            partField.key(FILENAME_KEY); // what an upload's name is judged by (a script's extension)
        }
        partField.path().append(path);
        sink.beginValue(partField);
        sink.escaped(bytes, 0, bytes.length, wireStart, wireEnd);
        sink.endValue();
    }

    /**
     * A part read as the service that receives it reads it: its transfer encoding undone and its
     * charset (UTF-16, EBCDIC) re-encoded, then parsed by its own type. Only where nothing is
     * rewritten: decoded bytes have no wire offsets a redaction could use (the offsets of what is
     * found in them are into the decoded part).
     */
    private ByteSink decodedPart(long bodyStart) {
        String type = headers.declaredContentType();
        return TransferDecoding.wrap(headers.transferEncoding(),
                BodyCharset.decoding(type, ctx.openPart(type, bodyStart, headers.name(), depth + 1)));
    }

    /** Stops structured parsing: the rest of the body, from {@code buf[i]}, is scanned raw. */
    private int giveUp(Outcome outcome, String detail, int i, long wire) {
        outcomes.record(outcome, detail);
        state = State.RAW_REST;
        out = ctx.open(RAW, wire, name, depth + 1);
        return i;
    }

    @Override
    public void end() {
        switch (state) {
            case PREAMBLE -> {
                outcomes.record(Outcome.PARSE_ERROR, "multipart: no delimiter line; scanned raw");
                scanner.flushHeld(out);
            }
            case BODY -> {
                outcomes.record(Outcome.TRUNCATED, "multipart: part " + parts + " has no closing delimiter");
                scanner.flushHeld(out);
            }
            case DELIMITER_TAIL, DELIMITER_PADDING, HEADERS -> outcomes.record(Outcome.TRUNCATED,
                    "multipart: body ended before the close delimiter");
            default -> {
            }
        }
        if (out != null) {
            out.end();
            out = null;
        }
        state = State.DONE;
    }

    @Override
    public String toString() {
        return "MultipartBodyParser[state=" + state + ", parts=" + parts + ", offset=" + pos + "]";
    }

    /** The {@code boundary} parameter of a Content-Type (RFC 2046 §5.1.1, RFC 9110 §5.6.6). */
    static final class BoundaryParameter {
        private BoundaryParameter() {
        }

        /**
         * The boundary's bytes, or null when the parameter is missing or empty. RFC 2046: a
         * boundary ends with a non-space, so trailing whitespace of an unquoted one is not part of it.
         */
        static byte[] of(String contentType) {
            String value = MediaTypeParameter.of(contentType, "boundary");
            return value == null || value.isEmpty() ? null : value.getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
