package dev.sluice.inspector.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.inspector.form.FormBodyParser;
import dev.sluice.inspector.text.EmbeddedEscapes;
import dev.sluice.inspector.text.GraphqlDocumentParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.PathPrefix;
import dev.sluice.matchers.ValueSink;
import java.io.IOException;

/**
 * Streams a JSON body (RFC 8259, also several root values as in NDJSON) into values.
 *
 * <p>Jackson's non-blocking parser finds the structure; this class keeps the raw bytes of
 * the token in progress ({@link RawWindow}) and decodes string contents itself, so values
 * reach the matcher as UTF-8 bytes with exact wire offsets (Jackson would hand out decoded
 * chars). Every string and number becomes a value whose key is its member name (for array
 * elements, the array's), whose parent key is the key one object up, whose label is a sibling
 * such as {@code "type": "passport"}, and whose path is {@code $.users[3].card}. A string that
 * holds a JSON document is parsed as one, up to {@code maxNestedDocuments} levels.
 *
 * <p>Limits: nesting deeper than {@code maxDepth} → DEPTH_LIMIT; a token longer than
 * {@code maxTokenBytes}, or one the process's {@link HeldMemory} has no room for, → TOKEN_LIMIT
 * (a token in progress is charged {@value #TOKEN_COST} bytes per byte: its raw bytes, Jackson's
 * two-byte chars and their buffers' slack); invalid JSON → PARSE_ERROR. In each case the rest of
 * the body is scanned as raw text from the last complete token, so nothing goes unscanned;
 * a body that ends inside a structure → TRUNCATED.
 */
public final class JsonBodyParser implements ByteSink {
    private static final PositionedJsonParser.Factory FACTORY = new PositionedJsonParser.Factory(
            new JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Integer.MAX_VALUE)
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNumberLength(4096)
                            .maxNameLength(64 * 1024)
                            .build()));

    /**
     * Bytes charged per byte of a token in progress: the raw window's, Jackson's chars (two bytes
     * each) and both buffers' slack. Measured on strings of 0.1 to 1 MiB in progress, within 20 %
     * of what a session's heap grew by (bench/RESULTS.md, "Held memory", `TokenMemoryProbe`).
     */
    private static final int TOKEN_COST = 5;
    /** The member of a GraphQL-over-HTTP request (and the field of a GET's query) that holds its document. */
    static final String GRAPHQL_MEMBER = "query";

    private final ParserContext ctx;
    private final long baseOffset;
    private final String name;
    private final int nestedLevel;
    /** The body's label did not say JSON: where it stops being JSON it is text, as labelled, not a failure. */
    private final boolean guessed;
    private final InspectionLimits limits;
    private final PositionedJsonParser parser;
    private final RawWindow raw = new RawWindow();
    /** What the token in progress charges, past the uncharged part; made when one first reaches it. */
    private HeldMemory.Account tokenMemory;
    private final ValueSink sink;
    /** Where numbers go: the same sink unless the body is rewritten (a number is replaced whole, quoted). */
    private final ValueSink numbers;
    private final boolean rewriting;
    /** Member names are values too ({@link ParserContext#readsNames}: a request that is not rewritten). */
    private final boolean readsNames;
    private final FieldContext field = new FieldContext();
    private final JsonStringDecoder strings = new JsonStringDecoder();
    /**
     * {@link #sink} behind the decoding of a URL's percent escapes and a markup fragment's
     * character references inside a string; made when a string first may hold one.
     */
    private ValueSink embeddedEscapes;
    private final JsonFrames frames;
    private DecodedString nested;
    /** Decodes strings that are base64 of text, its buffer reused: most strings it is given are refused. */
    private final Base64Decoder base64 = new Base64Decoder();
    private ByteSink fallback;
    private boolean ended;
    private JsonToken previous;

    /**
     * @param nestedLevel 0 for a body, n for a document found inside a string n levels deep
     */
    public JsonBodyParser(ParserContext ctx, long baseOffset, String name, int nestedLevel) {
        this(ctx, baseOffset, name, nestedLevel, false);
    }

    /**
     * @param guessed the body was only guessed to be JSON from its first bytes: where it stops
     *     being JSON the rest is read as text and no outcome is recorded
     */
    public JsonBodyParser(ParserContext ctx, long baseOffset, String name, int nestedLevel, boolean guessed) {
        this.ctx = ctx;
        this.guessed = guessed;
        this.sink = ctx.sink();
        this.numbers = ctx.sinkFor(ValueSyntax.jsonNumber(nestedLevel));
        this.rewriting = ctx.rewriting() && nestedLevel == 0;
        this.readsNames = ctx.readsNames();
        this.frames = new JsonFrames(MemberNames.SHARED);
        this.baseOffset = baseOffset;
        this.name = name;
        this.nestedLevel = nestedLevel;
        this.limits = ctx.limits();
        this.parser = FACTORY.create();
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int end = off + len;
        while (off < end && fallback == null) {
            // Feed no more than the token budget has room for: the limit then trips on the token
            // in progress alone, at the same byte for any chunking, and never on a large chunk of
            // short tokens. The window holds at most maxTokenBytes.
            int room = limits.maxTokenBytes() - raw.size();
            if (room <= 0) {
                switchToText(Outcome.TOKEN_LIMIT, "JSON token longer than maxTokenBytes=" + limits.maxTokenBytes());
                break;
            }
            int n = Math.min(end - off, room);
            raw.append(buf, off, n);
            try {
                parser.feedInput(buf, off, off + n);
                drain();
                if (fallback == null && !tokenFits()) {
                    // What the window holds is the token Jackson is still reading: read as text from its start.
                    switchToText(Outcome.TOKEN_LIMIT, "JSON token of " + raw.size()
                            + "+ bytes: the process's held memory is full");
                }
                if (rewriting && fallback == null) {
                    // The bytes after the last token that start none (the newline that ends a line
                    // of NDJSON) go out now: a feed's reader waits for that newline, and the
                    // service may send the next line only once this one is read.
                    ctx.consumedTo(baseOffset + raw.pastSeparators());
                }
            } catch (IOException | RuntimeException e) {
                switchToText(Outcome.PARSE_ERROR, "invalid JSON at " + path());
            }
            off += n;
        }
        if (off < end) {
            fallback.write(buf, off, end - off);
        }
        raw.trim();
    }

    /**
     * Charges the token in progress (giving back what a shorter one no longer needs); false
     * when the process has no room for it.
     */
    private boolean tokenFits() {
        long cost = (long) TOKEN_COST * raw.size();
        if (tokenMemory == null) {
            if (cost <= HeldMemory.UNCHARGED_BYTES) {
                return true;
            }
            tokenMemory = ctx.heldMemory().account(this);
        }
        return tokenMemory.holds(cost);
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (fallback == null) {
            try {
                parser.endOfInput();
                drain();
                if (frames.depth() > 0 && !guessed) {
                    ctx.outcomes().record(Outcome.TRUNCATED, "JSON ends inside " + path());
                }
            } catch (IOException | RuntimeException e) {
                switchToText(frames.depth() > 0 ? Outcome.TRUNCATED : Outcome.PARSE_ERROR, "JSON ends inside " + path());
            }
        }
        if (fallback != null) {
            fallback.end();
        }
        releaseParser();
    }

    /**
     * Gives back the token's charge and Jackson's buffers (a long string's chars among them); the
     * parser reads nothing more.
     */
    private void releaseParser() {
        if (tokenMemory != null) {
            tokenMemory.release();
        }
        try {
            parser.close();
        } catch (IOException ignored) {
            // Nothing to release: the non-blocking parser holds no stream.
        }
    }

    private void drain() throws IOException {
        JsonToken t;
        while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
            long tokenEnd = parser.inputOffset();
            if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                frames.element();
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    if (frames.depth() >= limits.maxDepth()) {
                        raw.discardBefore(tokenEnd - 1);
                        switchToText(Outcome.DEPTH_LIMIT, "JSON nesting deeper than maxDepth=" + limits.maxDepth());
                        return;
                    }
                    frames.push(t == JsonToken.START_ARRAY, frames.keyForChild());
                }
                case END_OBJECT, END_ARRAY -> {
                    rejectAbsentMember(parser.tokenOffset());
                    frames.pop();
                }
                case FIELD_NAME -> {
                    if (frames.name(parser.currentName()) && readsNames) {
                        memberName(parser.tokenOffset(), tokenEnd);
                    }
                }
                case VALUE_STRING -> {
                    string(parser.tokenOffset(), tokenEnd);
                    parser.forgetLongText();
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser.tokenOffset() - 1, tokenEnd);
                default -> {
                    // true, false, null: nothing to inspect
                }
            }
            previous = t;
            raw.discardBefore(tokenEnd);
            if (rewriting) {
                ctx.consumedTo(baseOffset + tokenEnd);
            }
        }
    }

    /**
     * Jackson's non-blocking parser accepts {@code {"a":1, }} and {@code {"a": }} when its input
     * happens to end right after the comma or colon (it then reads the brace as closing an empty
     * object), while the same bytes in one piece are an error. A closing bracket right after a
     * member name, or with a comma between it and the previous token (those bytes are still in
     * the window), is therefore an error here, for every chunking alike.
     */
    private void rejectAbsentMember(long closeOffset) throws JsonParseException {
        if (previous == JsonToken.FIELD_NAME) {
            throw new JsonParseException(parser, "member without a value");
        }
        int s = raw.index(raw.start());
        int e = raw.index(closeOffset);
        byte[] b = raw.array();
        for (int i = s; i >= 0 && i < e; i++) {
            if (b[i] == ',') {
                throw new JsonParseException(parser, "trailing comma before a closing bracket");
            }
        }
    }

    private void string(long contentStart, long tokenEnd) {
        long contentEnd = tokenEnd - 1;
        int s = raw.index(contentStart);
        int e = raw.index(contentEnd);
        if (s < 0 || e < s) {
            return;
        }
        byte[] b = raw.array();
        if (frames.atLabelKey() && e - s <= PendingLabel.MAX_BYTES && b[s] != '\\') {
            frames.label(b, s, e);
        }
        if (nestedLevel < limits.maxNestedDocuments()) {
            if (startsLikeJson(b, s, e) && nestedDocument(b, s, e, contentStart)) {
                return;
            }
            if (GRAPHQL_MEMBER.equals(frames.keyForChild()) && nestedGraphql(b, s, e, contentStart)) {
                return;
            }
        }
        beginValue();
        if (EmbeddedEscapes.mayHoldInJson(b, s, e)) {
            ValueSink decoding = embeddedEscapes();
            if (!unescaped(s, e)) {
                strings.decode(b, s, e, baseOffset + contentStart, decoding);
            } else {
                decoding.verbatim(b, s, e - s, baseOffset + contentStart);
            }
            decoding.endValue();
            return;
        }
        if (!unescaped(s, e)) {
            strings.decode(b, s, e, baseOffset + contentStart, sink);
        } else if (e > s) {
            sink.verbatim(b, s, e - s, baseOffset + contentStart);
        }
        sink.endValue();
        if (nestedLevel < limits.maxNestedDocuments() && Base64Text.mayBe(b, Base64Text.payloadStart(b, s, e), e)) {
            base64Content(b, s, e, contentStart, contentEnd);
        }
    }

    /**
     * Reads a string that is base64 of text as what it holds ({@link DecodedContent}), after the
     * string itself was read as a value. Every decoded byte stands for the whole string on the
     * wire, so a finding inside covers the string and a redaction replaces it whole: no mask fits
     * inside base64 and leaves it decodable.
     */
    private void base64Content(byte[] b, int s, int e, long contentStart, long contentEnd) {
        byte[] chars = b;
        int from = s;
        int to = e;
        if (!unescaped(s, e)) {
            DecodedString unescapedChars = decodeNested(b, s, e, contentStart);
            chars = unescapedChars.bytes;
            from = 0;
            to = unescapedChars.length;
        }
        // Only the body's own strings are inflated: a decoded document cannot multiply itself.
        DecodedString doc = base64.text(chars, Base64Text.payloadStart(chars, from, to), to, baseOffset + contentStart,
                baseOffset + contentEnd, nestedLevel == 0);
        if (doc == null) {
            return;
        }
        DecodedContent.read(ctx, doc, frames.keyForChild(), nestedLevel + 1, frames.path(), frames.childDepthBase());
    }

    /**
     * A member name as a value of its own, path {@value FormBodyParser#NAME_PATH} (the path leaves
     * the name out: it may be the payload), escapes decoded. Applications echo names
     * ({@code "unknown field <name>"}) and bind them ({@code __proto__}, {@code constructor}).
     * The token's bytes run from its opening quote, or its first content byte, to the colon.
     */
    private void memberName(long tokenStart, long tokenEnd) {
        int s = raw.index(tokenStart);
        int e = raw.index(tokenEnd);
        if (s < 0 || e <= s) {
            return;
        }
        byte[] b = raw.array();
        int open = b[s] == '"' ? s + 1 : s;
        int close = e - 1;
        while (close >= open && b[close] != '"') {
            close--;
        }
        if (close <= open) {
            return;
        }
        long wireStart = baseOffset + tokenStart + (open - s);
        field.clear().parentKey(frames.parentKey()).memberName();
        field.path().append(FormBodyParser.NAME_PATH);
        sink.beginValue(field);
        if (!unescaped(open, close)) {
            strings.decode(b, open, close, wireStart, sink);
        } else {
            sink.verbatim(b, open, close - open, wireStart);
        }
        sink.endValue();
    }

    /** The value sink for a string that may hold a URL's or a markup fragment's escapes (it ends the value). */
    private ValueSink embeddedEscapes() {
        if (embeddedEscapes == null) {
            embeddedEscapes = EmbeddedEscapes.forJson(sink);
        }
        return embeddedEscapes;
    }

    private void number(long start, long end) {
        int s = raw.index(start);
        int e = raw.index(end);
        if (s >= 0 && e > s) {
            String key = frames.keyForChild();
            field.key(key != null ? key : name).parentKey(frames.parentKey()).label(frames.currentLabel());
            if (numbers.skipsNumber(field, e - s)) {
                return;
            }
            frames.pathOf(field);
            numbers.beginValue(field.replacedWhole(true));
            field.replacedWhole(false);
            numbers.verbatim(raw.array(), s, e - s, baseOffset + start);
            numbers.endValue();
        }
    }

    /** Parses a string holding JSON as a document of its own; false when it is not one after all. */
    private boolean nestedDocument(byte[] b, int s, int e, long contentStart) {
        DecodedString doc = decodeNested(b, s, e, contentStart);
        if (!doc.looksLikeJson()) {
            return false;
        }
        nested = null; // a deeper level needs its own buffer
        parseNested(ctx, doc, frames.keyForChild(), nestedLevel + 1, frames.path(), frames.childDepthBase());
        nested = doc;
        return true;
    }

    /**
     * Reads a GraphQL request's {@code query} as the document it is ({@link GraphqlDocumentParser}):
     * its string literals are values of their own, under the argument they are given to. False
     * when the string does not read as a GraphQL document.
     */
    private boolean nestedGraphql(byte[] b, int s, int e, long contentStart) {
        return parseNestedGraphql(ctx, decodeNested(b, s, e, contentStart), frames.keyForChild(), path() + ".");
    }

    /**
     * Parses {@code doc}, a value of {@code outer}'s body, as a JSON document {@code level}
     * documents deep whose paths continue {@code at} and whose containers count from
     * {@code depthBase}. Its parse failures stay its own: a value that only looked like JSON is
     * not a malformed body.
     */
    static void parseNested(ParserContext outer, DecodedString doc, String name, int level, PathPrefix at,
                            int depthBase) {
        JsonBodyParser child = new JsonBodyParser(new NestedContext(outer, doc), 0, name, level);
        child.frames.nestIn(at, depthBase);
        child.write(doc.bytes, 0, doc.length);
        child.end();
    }

    /**
     * Parses {@code doc}, a value of {@code outer}'s body, as a GraphQL document whose literals'
     * paths start with {@code pathPrefix}; false, with nothing sent on, when it does not read as one.
     */
    static boolean parseNestedGraphql(ParserContext outer, DecodedString doc, String name, String pathPrefix) {
        if (!GraphqlDocumentParser.looksLikeDocument(doc.bytes, 0, doc.length)) {
            return false;
        }
        GraphqlDocumentParser child = new GraphqlDocumentParser(new NestedContext(outer, doc), 0,
                name, pathPrefix);
        child.write(doc.bytes, 0, doc.length);
        child.end();
        return true;
    }

    /** The current string's content, escapes decoded, each byte mapped to its wire offset. */
    private DecodedString decodeNested(byte[] b, int s, int e, long contentStart) {
        if (nested == null) {
            nested = new DecodedString();
        }
        nested.clear();
        if (unescaped(s, e)) {
            nested.verbatim(b, s, e - s, baseOffset + contentStart);
        } else {
            strings.decode(b, s, e, baseOffset + contentStart, nested);
        }
        return nested;
    }

    private static boolean startsLikeJson(byte[] b, int s, int e) {
        while (s < e && JsonWhitespace.is(b[s])) {
            s++;
        }
        return s < e && (b[s] == '{' || b[s] == '[');
    }

    /**
     * Whether the current string's raw content {@code [s, e)} decodes to itself. Jackson has
     * decoded it already: when that took as many chars as the content has bytes, there was
     * neither an escape nor a non-ASCII byte, and the bytes can go out without a second look.
     * (The two callers pass their sinks on separate call sites, so each stays monomorphic.)
     */
    private boolean unescaped(int s, int e) {
        try {
            return parser.getTextLength() == e - s;
        } catch (IOException ex) {
            return false;
        }
    }

    private void beginValue() {
        // Origin stays null: JSON is read one way only.
        String key = frames.keyForChild();
        field.key(key != null ? key : name).parentKey(frames.parentKey()).label(frames.currentLabel());
        frames.pathOf(field);
        sink.beginValue(field);
    }

    private String path() {
        return frames.path().toString();
    }

    /** Gives up structure: everything from the last complete token on is scanned as text. */
    private void switchToText(Outcome outcome, String detail) {
        if (!guessed) {
            ctx.outcomes().record(outcome, detail);
        }
        // The text starts where the next token would have: separators before it are passed in
        // a rewriting session as soon as they come (write), so no value may begin on them.
        raw.discardBefore(raw.pastSeparators());
        long from = raw.start();
        fallback = ctx.open("text/plain", baseOffset + from, name, nestedLevel + 1);
        if (raw.size() > 0) {
            fallback.write(raw.array(), raw.head(), raw.size());
        }
        raw.discardBefore(Long.MAX_VALUE);
        // The rest of the body is text: what the parser holds would otherwise stay until the body ends.
        releaseParser();
    }
}
