package dev.sluice.inspector.text;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;

/**
 * Streams a GraphQL document ({@code application/graphql}, or a GraphQL request's {@code query}
 * member) as a partition of values: each string literal is a value of its own, its escapes
 * decoded, key the argument or input field it is given to ({@code users(q: "…")} gives key
 * {@code q}, parent key {@code users}), path {@code users(q)}; the text between literals (names,
 * punctuation, numbers, comments) is read as text, in pieces that end where a literal begins.
 *
 * <p>Read as one line of text, {@code { users(q: "0 UNION SELECT …--") { id } }} hid the
 * injection from detectors that judge a whole value, and every literal lost the argument name
 * that gives it context ({@code password: "…"}). Every byte still goes to exactly one value, so a
 * document that is no GraphQL after all loses nothing: its quoted runs are read apart, the rest as
 * text.
 *
 * <p>Lexing follows the GraphQL specification (October 2021, §2.1): {@code "…"} strings with
 * {@code \"}, {@code \\}, {@code \/}, {@code \b \f \n \r \t}, <code>&#92;uXXXX</code> and
 * <code>&#92;u{X…}</code> escapes, {@code """…"""} block strings (only {@code \"""} escaped), {@code #}
 * comments to the line's end. A line break inside a {@code "…"} string ends it (the document is
 * malformed; the rest is read on). At most one escape's bytes are held between chunks; names are
 * kept up to {@value #MAX_NAME} bytes.
 */
public final class GraphqlDocumentParser implements ByteSink {
    static final int MAX_NAME = 128;
    private static final byte[] QUOTES = {'"', '"', '"'};
    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private enum State { TEXT, COMMENT, QUOTES, STRING, ESCAPE, UNICODE, BLOCK }

    private final ValueSink sink;
    private final String parentKey;
    private final String pathPrefix;
    /** The path of the text between literals: the document's own ({@code $.query}), or empty. */
    private final String textPath;
    private final FieldContext text = new FieldContext();
    private final FieldContext literal = new FieldContext();
    private final byte[] one = new byte[1];
    private final byte[] two = new byte[2];

    private State state = State.TEXT;
    private long pos;
    /** Whether a value (a text piece or a literal) is open. */
    private boolean open;
    /** Quotes seen in a row: in TEXT, the opening run; in BLOCK, a closing run in progress. */
    private int quotes;
    /** In BLOCK: the byte before the quote run was a backslash ({@code \"""} is content). */
    private boolean escapedRun;
    private boolean afterBackslash;
    private long escapeStart;
    private int hexValue;
    private int hexDigits;
    private boolean braced;

    /** The last name read (its first {@value #MAX_NAME} bytes), made a string only when a literal may need it. */
    private final byte[] name = new byte[MAX_NAME];
    private int nameLength;
    private boolean inName;
    private String argument;
    private String field;
    /** Selection sets and input objects open around the text read so far. */
    private int braces;

    /**
     * @param ctx where the values go
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of the text pieces (a multipart part name, or the JSON member), or null
     */
    public GraphqlDocumentParser(ParserContext ctx, long baseOffset, String name) {
        this(ctx, baseOffset, name, "");
    }

    /**
     * @param pathPrefix what each literal's path starts with: the path of the JSON member or form
     *                   value that holds the document and a dot ({@code $.query.}), or empty; the
     *                   text between literals has that path without the dot
     */
    public GraphqlDocumentParser(ParserContext ctx, long baseOffset, String name, String pathPrefix) {
        this.sink = new EmbeddedEscapes(ctx.sink());
        this.pos = baseOffset;
        this.parentKey = name;
        this.pathPrefix = pathPrefix;
        this.textPath = pathPrefix.endsWith(".") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
    }

    /**
     * Whether {@code text} reads as a GraphQL executable document: it opens (after white space
     * and comments) with a selection set or an operation or fragment keyword, and holds a
     * selection set. A search box's {@code "query about my order"} does not.
     */
    public static boolean looksLikeDocument(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            byte c = b[i];
            if (c == '#') {
                while (i < end && b[i] != '\n' && b[i] != '\r') {
                    i++;
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == (byte) 0xEF
                    || c == (byte) 0xBB || c == (byte) 0xBF) {
                i++;
            } else {
                break;
            }
        }
        if (i == end) {
            return false;
        }
        if (b[i] != '{' && !(keywordAt(b, i, end, "query") || keywordAt(b, i, end, "mutation")
                || keywordAt(b, i, end, "subscription") || keywordAt(b, i, end, "fragment"))) {
            return false;
        }
        for (int j = i; j < end; j++) {
            if (b[j] == '{') {
                return true;
            }
        }
        return false;
    }

    private static boolean keywordAt(byte[] b, int i, int end, String keyword) {
        int n = keyword.length();
        if (end - i < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != keyword.charAt(k)) {
                return false;
            }
        }
        return i + n == end || !isNameByte(b[i + n]);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int end = off + len;
        int run = off; // the first byte not yet passed to the open value
        for (int i = off; i < end; i++) {
            byte c = buf[i];
            long at = pos + (i - off);
            switch (state) {
                case TEXT -> {
                    if (!open) {
                        run = openText(c, at) ? i + 1 : i;
                    }
                    if (c == '"') {
                        state = State.QUOTES;
                        quotes = 1;
                    } else if (c == '#') {
                        state = State.COMMENT;
                    }
                    name(c);
                }
                case COMMENT -> {
                    if (c == '\n' || c == '\r') {
                        state = State.TEXT;
                    }
                }
                case QUOTES -> {
                    if (c == '"') {
                        quotes++;
                        if (quotes == 3) {
                            // """ opens a block string; the quotes end the text piece.
                            flush(buf, run, i + 1, off);
                            run = startLiteral(i + 1);
                            state = State.BLOCK;
                            quotes = 0;
                            afterBackslash = false;
                        }
                    } else if (quotes == 2) {
                        // "" is an empty string: nothing to read apart; this byte is text again.
                        state = State.TEXT;
                        i--;
                    } else {
                        flush(buf, run, i, off);
                        run = startLiteral(i);
                        state = State.STRING;
                        i--;
                    }
                }
                case STRING -> {
                    if (c == '"' || c == '\n' || c == '\r') {
                        // The closing quote (or the line break that ends a malformed string) opens the next text piece.
                        flush(buf, run, i, off);
                        sink.endValue();
                        run = openText(c, at) ? i + 1 : i;
                        state = State.TEXT;
                    } else if (c == '\\') {
                        flush(buf, run, i, off);
                        run = i + 1;
                        escapeStart = at;
                        state = State.ESCAPE;
                    }
                }
                case ESCAPE -> {
                    run = i + 1;
                    if (c == 'u') {
                        hexValue = 0;
                        hexDigits = 0;
                        braced = false;
                        state = State.UNICODE;
                    } else {
                        byte decoded = switch (c) {
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> c; // \" \\ \/ and, leniently, any other byte as itself
                        };
                        one[0] = decoded;
                        sink.escaped(one, 0, 1, escapeStart, at + 1);
                        state = State.STRING;
                    }
                }
                case UNICODE -> {
                    run = i + 1;
                    if (!unicode(c, at)) {
                        // Not an escape after all: this byte is read again as the string's.
                        run = i;
                        i--;
                    }
                }
                case BLOCK -> {
                    if (c == '"') {
                        if (quotes == 0) {
                            flush(buf, run, i, off);
                            escapedRun = afterBackslash;
                        }
                        quotes++;
                        run = i + 1;
                        if (quotes == 3) {
                            if (escapedRun) {
                                sink.verbatim(QUOTES, 0, 3, at - 2);
                            } else {
                                sink.endValue();
                                open = false;
                                state = State.TEXT;
                            }
                            quotes = 0;
                            afterBackslash = false;
                        }
                    } else {
                        if (quotes > 0) {
                            sink.verbatim(QUOTES, 0, quotes, at - quotes);
                            quotes = 0;
                            run = i;
                        }
                        afterBackslash = c == '\\';
                    }
                }
            }
        }
        flush(buf, run, end, off);
        pos += len;
    }

    @Override
    public void end() {
        if (state == State.BLOCK && quotes > 0 && open) {
            sink.verbatim(QUOTES, 0, quotes, pos - quotes);
        }
        if (state == State.ESCAPE || state == State.UNICODE) {
            sink.escaped(REPLACEMENT, 0, REPLACEMENT.length, escapeStart, pos);
        }
        if (open) {
            sink.endValue();
            open = false;
        }
        state = State.TEXT;
    }

    /** Passes {@code buf[from, to)} on to the open value; {@code off} is where this chunk began in {@code buf}. */
    private void flush(byte[] buf, int from, int to, int off) {
        if (open && to > from) {
            sink.verbatim(buf, from, to - from, pos + (from - off));
        }
    }

    /** Ends the text piece and opens the literal whose first byte is {@code buf[contentAt]}. */
    private int startLiteral(int contentAt) {
        if (open) {
            sink.endValue();
        }
        literal.clear().key(argument).parentKey(field != null ? field : parentKey);
        literal.path().append(pathPrefix);
        if (field != null) {
            literal.path().append(field);
        }
        if (argument != null) {
            literal.path().append('(').append(argument).append(')');
        }
        sink.beginValue(literal);
        open = true;
        return contentAt;
    }

    /**
     * Opens a text piece whose first byte, {@code first}, sits at wire offset {@code at}. A piece
     * inside a selection set reads a brace before that byte, standing for those before it (the
     * byte is passed as an escape of two bytes): what is read there as a selection
     * ({@code __schema {}, after a literal argument) is still read inside one.
     *
     * @return whether {@code first} was passed on here
     */
    private boolean openText(byte first, long at) {
        text.clear().parentKey(parentKey);
        text.path().append(textPath);
        sink.beginValue(text);
        open = true;
        if (braces == 0) {
            return false;
        }
        two[0] = '{';
        two[1] = first;
        sink.escaped(two, 0, 2, at, at + 1);
        return true;
    }

    /**
     * One byte of a <code>&#92;u</code> escape: four hex digits, or braces around one to six. False when
     * the byte cannot continue it: what was read stands for U+FFFD, and the byte is the string's.
     */
    private boolean unicode(byte c, long at) {
        if (hexDigits == 0 && !braced && c == '{') {
            braced = true;
            return true;
        }
        boolean closes = braced && c == '}' && hexDigits > 0;
        int digit = Character.digit(c, 16);
        if (!closes && (digit < 0 || hexDigits == (braced ? 6 : 4))) {
            sink.escaped(REPLACEMENT, 0, REPLACEMENT.length, escapeStart, at);
            state = State.STRING;
            return false;
        }
        if (!closes) {
            hexValue = hexValue << 4 | digit;
            hexDigits++;
        }
        if (closes || !braced && hexDigits == 4) {
            byte[] utf8 = hexValue >= 0xD800 && hexValue <= 0xDFFF || hexValue > 0x10FFFF ? REPLACEMENT
                    : new String(Character.toChars(hexValue)).getBytes(StandardCharsets.UTF_8);
            sink.escaped(utf8, 0, utf8.length, escapeStart, at + 1);
            state = State.STRING;
        }
        return true;
    }

    /** Follows names and the punctuation after them, for the key and parent key of the next literal. */
    private void name(byte c) {
        if (isNameByte(c)) {
            if (!inName) {
                inName = true;
                nameLength = 0;
            }
            if (nameLength < MAX_NAME) {
                name[nameLength++] = c;
            }
            return;
        }
        inName = false;
        switch (c) {
            case ':' -> argument = lastName();
            case '(' -> field = lastName();
            case ')' -> argument = null;
            case '{' -> braces++;
            case '}' -> braces = Math.max(0, braces - 1);
            default -> {
            }
        }
    }

    private String lastName() {
        return nameLength == 0 ? null : new String(name, 0, nameLength, StandardCharsets.US_ASCII);
    }

    private static boolean isNameByte(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
