package dev.sluice.inspector.text;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;

/**
 * Streams an HTML or XML body through a tokenizer that follows the states of WHATWG HTML
 * §13.2.5 (simplified: no foreign content, no DOCTYPE fields, only {@code script} and {@code
 * style} as raw text) and emits what a leak can hide in as values. Tags never go into values.
 * {@link #html} names values as a page shows them (below); {@link #xml} as a document nests
 * them (after the list).
 *
 * <ul>
 *   <li><b>Text nodes</b>, character references decoded: key = the label (the trimmed first
 *       {@value TextLabel#MAX_BYTES} bytes of the last non-blank text node before it, see {@link
 *       TextLabel}), path = name of the last start tag ({@code dd}). {@code
 *       <dt>SSN</dt><dd>899-19-8947</dd>} gives {@code 899-19-8947} under key {@code SSN}; a
 *       Django settings row {@code <td>DATABASE_PASSWORD</td><td><pre>&#39;s3&#39;</pre></td>}
 *       gives {@code 's3'} under {@code DATABASE_PASSWORD}. Blank text nodes give no value and
 *       leave the label alone; leading white space is not part of a value.</li>
 *   <li><b>Attribute values</b> (quoted or not, references decoded): key = attribute name
 *       (lower case), path = {@code tag@attribute} ({@code a@href}). Empty values give none.
 *       An element named by an earlier attribute of its tag ({@code name}, {@code key},
 *       {@code property}, {@code id}), or an {@code <input type="password">}, gives that name as
 *       the parent key of its later attributes, so a holder attribute takes it as context:
 *       {@code <input name="ssn" value="...">}, {@code <property name="password" value="..."/>},
 *       {@code <meta name="api-key" content="...">}.</li>
 *   <li>The text directly inside an element named by {@code name}, {@code key} or
 *       {@code property} takes that name as its key instead of the label:
 *       {@code <entry key="db.password">s3cr3t</entry>}.</li>
 *   <li>A void element ({@code <input>}, {@code <img>}, ...) or a self-closed one holds no text:
 *       what follows it is not its value. The text of an action or control ({@code button},
 *       {@code a}, {@code option}, {@code select}, {@code summary}, {@code textarea}) labels
 *       nothing after it, and a label before an {@code <input>} was that input's.</li>
 *   <li>A template binding's value ({@code [password]="form.password.value"}, {@code (x)},
 *       {@code *x}, {@code #x}, {@code :x}, {@code @x}, {@code v-…}) is code: scanned, keyed by
 *       nothing.</li>
 *   <li><b>Comments</b> (and bogus comments: {@code <!DOCTYPE>}, {@code <?xml?>}) and
 *       <b>script/style</b> contents: key null, path {@code #comment} or the tag name.</li>
 * </ul>
 *
 * <p><b>XML</b> ({@code application/xml}, {@code text/xml}, {@code application/soap+xml} and
 * every other {@code +xml} type but XHTML): the tokenizer is the same, but an element's name
 * says what its text is, as a JSON member's name does. The text directly inside
 * {@code <ns:Password>} has key {@code Password} (the local name, without its prefix), its
 * enclosing element's local name as parent key, and the path of open elements
 * ({@code /Envelope/Body/Customer/Password}, see {@link ElementPath}); an attribute value has
 * its attribute's local name as key, its element's as parent key, and path
 * {@code /Envelope/Body/Card/@number}. Naming attributes ({@code <entry key="db.password">}) work
 * as in HTML. Names keep their case and up to {@value #MAX_XML_NAME} bytes. {@code <![CDATA[…]]>}
 * is text of its element, read as written (no references). HTML's void elements, raw-text
 * elements and labels do not apply.
 *
 * <p>Offsets: plain runs are {@code verbatim}; a resolved reference ({@code &#64;}, {@code
 * &#x40;}, {@code &amp;}, see {@link NamedEntities}) is one {@code escaped} call with its
 * UTF-8 and the reference's wire span; an unknown one passes verbatim. Bytes that might end a
 * node ({@code <}, {@code --} in a comment, {@code </script} in raw text) or form a reference
 * are held back across chunks in small fixed buffers.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>bound</th><th>beyond it</th></tr>
 *   <tr><td>stored tag name</td><td>{@value #MAX_TAG_NAME} bytes (XML: {@value #MAX_XML_NAME})</td><td>cut (a longer name is never script/style)</td></tr>
 *   <tr><td>XML element names kept for keys and paths</td><td>{@value ElementPath#MAX_KEPT}</td><td>counted, not named</td></tr>
 *   <tr><td>stored attribute name</td><td>{@value #MAX_ATTR_NAME} bytes</td><td>cut (it is only a key)</td></tr>
 *   <tr><td>character reference</td><td>{@value CharacterReference#MAX_BYTES} bytes</td><td>not a reference: verbatim</td></tr>
 *   <tr><td>label</td><td>{@value TextLabel#MAX_BYTES} bytes</td><td>cut</td></tr>
 * </table>
 * Text, attribute values, comments and scripts stream whatever their length.
 *
 * <p>Outcomes: a body that ends inside a tag, comment or script is TRUNCATED (the value in
 * progress is ended and stands); ending inside text or a reference is COMPLETE (the pending
 * bytes are text).
 */
public final class MarkupBodyParser implements ByteSink {
    static final int MAX_TAG_NAME = 16;
    /** XML names are longer ({@code GetCustomerResponse}) and each one keys values: more is kept. */
    static final int MAX_XML_NAME = 64;
    static final int MAX_ATTR_NAME = 64;
    /** Longest element name kept from a naming attribute's value; a longer one is cut. */
    static final int MAX_ELEMENT_NAME = 64;

    private static final byte[] LT = {'<'};
    private static final byte[] DASHES = {'-', '-'};
    private static final byte[] BRACKETS = {']', ']'};
    private static final byte[] CDATA_OPEN = {'[', 'C', 'D', 'A', 'T', 'A', '['};
    private static final byte[] SCRIPT = {'s', 'c', 'r', 'i', 'p', 't'};
    private static final byte[] STYLE = {'s', 't', 'y', 'l', 'e'};
    private static final byte[] TYPE = {'t', 'y', 'p', 'e'};
    private static final byte[] PASSWORD = {'p', 'a', 's', 's', 'w', 'o', 'r', 'd'};
    /** Attributes whose value names the element for its other attributes; the first three for its text too. */
    private static final byte[][] NAMING = {{'n', 'a', 'm', 'e'}, {'k', 'e', 'y'},
        {'p', 'r', 'o', 'p', 'e', 'r', 't', 'y'}, {'i', 'd'}};
    private static final int NAMES_TEXT = 3;
    /** HTML's void elements: no content, so the text after one is not inside it. */
    private static final byte[][] VOID = bytes("input", "img", "br", "hr", "meta", "link", "area", "base", "col",
            "embed", "source", "track", "wbr");
    /**
     * Actions and form controls: their text names what a click does, and a label before a
     * control was that control's, not the label of the text after it.
     */
    private static final byte[][] ENDS_LABEL = bytes("button", "a", "option", "select", "summary", "textarea");
    private static final byte[] INPUT = {'i', 'n', 'p', 'u', 't'};
    private static final String COMMENT_PATH = "#comment";
    private static final boolean[] DATA_ENDS = ValueEmitter.stopSet('<', '&');
    private static final boolean[] DOUBLE_QUOTED_ENDS = ValueEmitter.stopSet('"', '&');
    private static final boolean[] SINGLE_QUOTED_ENDS = ValueEmitter.stopSet('\'', '&');
    private static final boolean[] UNQUOTED_ENDS = ValueEmitter.stopSet(' ', '\n', '\t', '\f', '\r', '>', '&');
    private static final boolean[] BOGUS_COMMENT_ENDS = ValueEmitter.stopSet('>');

    private enum State {
        DATA, TAG_OPEN, END_TAG_OPEN, TAG_NAME, BEFORE_ATTR_NAME, ATTR_NAME, AFTER_ATTR_NAME,
        BEFORE_ATTR_VALUE, ATTR_VALUE_DOUBLE, ATTR_VALUE_SINGLE, ATTR_VALUE_UNQUOTED, AFTER_ATTR_VALUE,
        SELF_CLOSING, MARKUP_DECL, MARKUP_DASH, COMMENT, BOGUS_COMMENT, RAW_TEXT, CHAR_REF, CDATA_OPEN, DONE
    }

    /** What the value being written (or about to begin) is. */
    private enum Kind { TEXT, ATTRIBUTE, COMMENT, RAW_TEXT }

    private final boolean xml;
    private final int maxTagName;
    /** XML only: the open elements. */
    private final ElementPath elements;
    private final OutcomeRecorder outcomes;
    private final ValueEmitter values;
    private final TextLabel label = new TextLabel();
    private final NameCache names = new NameCache();
    private final CharacterReference ref = new CharacterReference();

    private final byte[] tagName = new byte[MAX_XML_NAME];
    private final byte[] startTag = new byte[MAX_XML_NAME];
    private final byte[] attrName = new byte[MAX_ATTR_NAME];
    /** The value of the naming attribute (or {@code type}) being read. */
    private final byte[] elementName = new byte[MAX_ELEMENT_NAME];
    /** Held {@code </script} or {@code </style} prefix: 2 + tag name bytes. */
    private final byte[] rawHeld = new byte[2 + MAX_TAG_NAME];
    private int tagNameLen;
    private boolean tagNameCut;
    private boolean endTag;
    private boolean selfClosed;
    private int startTagLen;
    private int attrNameLen;
    private int elementNameLen;
    /** What the attribute value being read says of its element: -1 nothing, else a {@link #NAMING} index, or TYPE_ATTR. */
    private int naming = -1;
    private static final int TYPE_ATTR = NAMING.length;
    /** The name the tag being read gave its element so far, and whether its text may take it. */
    private String tagKey;
    private boolean tagKeyNamesText;
    /** The name the last start tag gave its element, for the text directly inside it; null after an end tag. */
    private String textKey;
    private byte[] rawTag;
    private int rawMatched;
    private long rawHeldWire;
    /** In a comment or CDATA section: its closing byte pair ({@code --} or {@code ]]}), how many of it are held, from where. */
    private byte[] closing = DASHES;
    private int dashes;
    private long dashWire;
    /** Bytes of {@code [CDATA[} matched after {@code <!}. */
    private int cdataMatched;
    private long ltWire;

    private State state = State.DATA;
    private State returnState = State.DATA;
    private Kind kind = Kind.TEXT;

    private MarkupBodyParser(ParserContext ctx, ValueSink sink, long baseOffset, String name, boolean xml) {
        this.xml = xml;
        this.maxTagName = xml ? MAX_XML_NAME : MAX_TAG_NAME;
        this.elements = xml ? new ElementPath() : null;
        this.outcomes = ctx.outcomes();
        this.values = new ValueEmitter(sink, baseOffset, name, this::nameValue, this::labelText);
    }

    /**
     * A parser for an HTML body.
     *
     * @param ctx where values go and outcomes are recorded
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of every value (a multipart part name), or null
     */
    public static MarkupBodyParser html(ParserContext ctx, long baseOffset, String name) {
        return html(ctx, ctx.sink(), baseOffset, name);
    }

    /** A parser for an HTML body whose values go to {@code values} (a sink around {@code ctx}'s). */
    public static MarkupBodyParser html(ParserContext ctx, ValueSink values, long baseOffset, String name) {
        return new MarkupBodyParser(ctx, values, baseOffset, name, false);
    }

    /** A parser for an XML body; the arguments are {@link #html}'s. */
    public static MarkupBodyParser xml(ParserContext ctx, long baseOffset, String name) {
        return xml(ctx, ctx.sink(), baseOffset, name);
    }

    /** A parser for an XML body whose values go to {@code values} (a sink around {@code ctx}'s). */
    public static MarkupBodyParser xml(ParserContext ctx, ValueSink values, long baseOffset, String name) {
        return new MarkupBodyParser(ctx, values, baseOffset, name, true);
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
            i = step(buf, i, end);
        }
        values.endChunk(buf, end);
    }

    private int step(byte[] buf, int i, int end) {
        byte b = buf[i];
        return switch (state) {
            case DATA -> data(buf, i, end);
            case TAG_OPEN -> tagOpen(b, i);
            case END_TAG_OPEN -> endTagOpen(b, i);
            case TAG_NAME -> tagNameByte(b, i);
            case BEFORE_ATTR_NAME -> beforeAttrName(b, i);
            case ATTR_NAME -> attrNameByte(b, i);
            case AFTER_ATTR_NAME -> afterAttrName(b, i);
            case BEFORE_ATTR_VALUE -> beforeAttrValue(b, i);
            case ATTR_VALUE_DOUBLE -> quotedValue(buf, i, end, DOUBLE_QUOTED_ENDS);
            case ATTR_VALUE_SINGLE -> quotedValue(buf, i, end, SINGLE_QUOTED_ENDS);
            case ATTR_VALUE_UNQUOTED -> unquotedValue(buf, i, end);
            case AFTER_ATTR_VALUE -> afterAttrValue(b, i);
            case SELF_CLOSING -> selfClosing(b, i);
            case MARKUP_DECL -> markupDecl(b, i);
            case MARKUP_DASH -> markupDash(b, i);
            case COMMENT -> comment(buf, i, end);
            case CDATA_OPEN -> cdataOpen(buf, i);
            case BOGUS_COMMENT -> bogusComment(buf, i, end);
            case RAW_TEXT -> rawText(buf, i, end);
            case CHAR_REF -> charRef(b, i);
            case DONE -> end;
        };
    }

    // --- text ----------------------------------------------------------------------------

    /** §13.2.5.1 data state. */
    private int data(byte[] buf, int i, int end) {
        if (!values.inRun() && !values.isOpen()) {
            while (i < end && TextLabel.isSpace(buf[i])) {
                i++; // leading white space is not part of a text value
            }
        }
        int stop = values.runUntil(buf, i, end, DATA_ENDS);
        if (stop == end) {
            return end;
        }
        if (buf[stop] == '&') {
            return startRef(buf, stop);
        }
        ltWire = values.wireAt(stop);
        state = State.TAG_OPEN;
        return stop + 1;
    }

    /** §13.2.5.6 tag open state: only here is it known whether {@code <} was text. */
    private int tagOpen(byte b, int i) {
        if (startsName(b)) {
            endText();
            beginTag(false);
            appendTagName(b);
            state = State.TAG_NAME;
            return i + 1;
        }
        switch (b) {
            case '/' -> {
                endText();
                state = State.END_TAG_OPEN;
                return i + 1;
            }
            case '!' -> {
                endText();
                state = State.MARKUP_DECL;
                return i + 1;
            }
            case '?' -> {
                endText();
                kind = Kind.COMMENT;
                state = State.BOGUS_COMMENT;
                return i;
            }
            default -> {
                emitHeldLt();
                state = State.DATA;
                return i;
            }
        }
    }

    private void emitHeldLt() {
        values.verbatim(LT, 0, 1, ltWire);
        label.append(LT, 0, 1, false);
    }

    /** A text node ended (a tag, comment or end of body follows). */
    private void endText() {
        values.close();
        if (label.finish() && xml) {
            elements.textEnded(label.label());
        }
    }

    // --- tags ----------------------------------------------------------------------------

    private int endTagOpen(byte b, int i) {
        if (startsName(b)) {
            beginTag(true);
            appendTagName(b);
            state = State.TAG_NAME;
            return i + 1;
        }
        if (b == '>') {
            toData();
            return i + 1;
        }
        kind = Kind.COMMENT;
        state = State.BOGUS_COMMENT;
        return i;
    }

    private int tagNameByte(byte b, int i) {
        if (!endsName(b, State.BEFORE_ATTR_NAME)) {
            appendTagName(b);
        }
        return i + 1;
    }

    private int beforeAttrName(byte b, int i) {
        if (!endsName(b, State.BEFORE_ATTR_NAME)) {
            startAttrName(b);
        }
        return i + 1;
    }

    private int attrNameByte(byte b, int i) {
        if (b == '=') {
            state = State.BEFORE_ATTR_VALUE;
        } else if (!endsName(b, State.AFTER_ATTR_NAME)) {
            appendAttrName(b);
        }
        return i + 1;
    }

    private int afterAttrName(byte b, int i) {
        if (b == '=') {
            state = State.BEFORE_ATTR_VALUE;
        } else if (!endsName(b, State.AFTER_ATTR_NAME)) {
            startAttrName(b);
        }
        return i + 1;
    }

    /**
     * The bytes that end a tag or attribute name (§13.2.5.8, §13.2.5.32-34): white space moves to
     * {@code onSpace}, {@code /} to self-closing, {@code >} ends the tag. False for any other byte.
     */
    private boolean endsName(byte b, State onSpace) {
        if (isSpace(b)) {
            state = onSpace;
        } else if (b == '/') {
            state = State.SELF_CLOSING;
        } else if (b == '>') {
            tagEnd();
        } else {
            return false;
        }
        return true;
    }

    private void startAttrName(byte b) {
        attrNameLen = 0;
        appendAttrName(b);
        state = State.ATTR_NAME;
    }

    private int beforeAttrValue(byte b, int i) {
        if (isSpace(b)) {
            return i + 1;
        }
        kind = Kind.ATTRIBUTE;
        naming = namingIndex();
        elementNameLen = 0;
        switch (b) {
            case '"' -> state = State.ATTR_VALUE_DOUBLE;
            case '\'' -> state = State.ATTR_VALUE_SINGLE;
            case '>' -> tagEnd();
            default -> {
                state = State.ATTR_VALUE_UNQUOTED;
                return i;
            }
        }
        return i + 1;
    }

    /** §13.2.5.36-37 attribute value (double- and single-quoted) states. */
    private int quotedValue(byte[] buf, int i, int end, boolean[] ends) {
        int stop = values.runUntil(buf, i, end, ends);
        if (stop == end) {
            return end;
        }
        if (buf[stop] == '&') {
            return startRef(buf, stop);
        }
        values.close();
        attributeValueEnded();
        state = State.AFTER_ATTR_VALUE;
        return stop + 1;
    }

    /** §13.2.5.38 attribute value (unquoted) state. */
    private int unquotedValue(byte[] buf, int i, int end) {
        int stop = values.runUntil(buf, i, end, UNQUOTED_ENDS);
        if (stop == end) {
            return end;
        }
        byte b = buf[stop];
        if (b == '&') {
            return startRef(buf, stop);
        }
        values.close();
        attributeValueEnded();
        if (b == '>') {
            tagEnd();
        } else {
            state = State.BEFORE_ATTR_NAME;
        }
        return stop + 1;
    }

    private int afterAttrValue(byte b, int i) {
        if (isSpace(b)) {
            state = State.BEFORE_ATTR_NAME;
            return i + 1;
        }
        if (b == '/') {
            state = State.SELF_CLOSING;
            return i + 1;
        }
        if (b == '>') {
            tagEnd();
            return i + 1;
        }
        state = State.BEFORE_ATTR_NAME;
        return i;
    }

    private int selfClosing(byte b, int i) {
        if (b == '>') {
            selfClosed = true;
            tagKeyNamesText = false; // <entry key="x"/> holds no text
            tagEnd();
            return i + 1;
        }
        state = State.BEFORE_ATTR_NAME;
        return i;
    }

    private void beginTag(boolean end) {
        endTag = end;
        selfClosed = false;
        tagNameLen = 0;
        tagNameCut = false;
        naming = -1;
        if (end) {
            textKey = null;
        } else {
            tagKey = null;
            tagKeyNamesText = false;
        }
    }

    /** Which naming attribute the attribute whose value begins is, {@link #TYPE_ATTR} for {@code type}, or -1. */
    private int namingIndex() {
        for (int n = 0; n < NAMING.length; n++) {
            if (isAttr(NAMING[n])) {
                return n;
            }
        }
        return isAttr(TYPE) ? TYPE_ATTR : -1;
    }

    private boolean isAttr(byte[] name) {
        return sameName(attrName, attrNameLen, name);
    }

    /** Keeps bytes of a naming attribute's value (cut at {@value #MAX_ELEMENT_NAME}). */
    private void captureElementName(byte[] buf, int off, int len) {
        int n = Math.min(len, MAX_ELEMENT_NAME - elementNameLen);
        if (n > 0) {
            System.arraycopy(buf, off, elementName, elementNameLen, n);
            elementNameLen += n;
        }
    }

    /**
     * A naming attribute's value ended: the first one names the element ({@code type="password"}
     * overrides them all, its value is a password whatever the field is called).
     */
    private void attributeValueEnded() {
        if (naming < 0 || elementNameLen == 0) {
            naming = -1;
            return;
        }
        if (naming == TYPE_ATTR) {
            if (sameName(elementName, elementNameLen, PASSWORD)) {
                tagKey = "password";
                tagKeyNamesText = false;
            }
        } else if (tagKey == null) {
            tagKey = names.get(elementName, 0, elementNameLen);
            tagKeyNamesText = naming < NAMES_TEXT;
        }
        naming = -1;
    }


    /** A tag ended with {@code >}: text follows, or raw text after {@code <script>} / {@code <style>}. */
    private void tagEnd() {
        if (xml) {
            xmlTagEnd();
            return;
        }
        if (endTag) {
            if (isAnyName(ENDS_LABEL)) {
                label.forget();
            }
            toData();
            return;
        }
        System.arraycopy(tagName, 0, startTag, 0, tagNameLen);
        startTagLen = tagNameLen;
        textKey = tagKeyNamesText && !isAnyName(VOID) ? tagKey : null;
        if (isName(INPUT)) {
            label.forget(); // <label>Password</label><input …> used the label up
        }
        byte[] raw = tagNameCut ? null : isName(SCRIPT) ? SCRIPT : isName(STYLE) ? STYLE : null;
        if (raw == null) {
            toData();
            return;
        }
        rawTag = raw;
        rawMatched = 0;
        kind = Kind.RAW_TEXT;
        state = State.RAW_TEXT;
    }

    /** An XML tag ended: a start tag opens its element, an end tag closes it; the text after either is the innermost open element's. */
    private void xmlTagEnd() {
        String local = localName(tagName, tagNameLen);
        if (endTag) {
            elements.close(local);
        } else if (!selfClosed) {
            elements.open(local);
            textKey = tagKeyNamesText ? tagKey : null;
        } else {
            textKey = null;
        }
        toData();
    }

    private void toData() {
        kind = Kind.TEXT;
        state = State.DATA;
    }

    // --- comments and raw text -------------------------------------------------------------

    /** §13.2.5.42 markup declaration open state: {@code <!--} opens a comment, anything else a bogus one. */
    private int markupDecl(byte b, int i) {
        kind = Kind.COMMENT;
        if (xml && b == '[') {
            dashWire = values.wireAt(i);
            cdataMatched = 1;
            state = State.CDATA_OPEN;
            return i + 1;
        }
        if (b == '-') {
            dashWire = values.wireAt(i);
            state = State.MARKUP_DASH;
            return i + 1;
        }
        state = State.BOGUS_COMMENT;
        return i;
    }

    private int markupDash(byte b, int i) {
        if (b == '-') {
            dashes = 0;
            closing = DASHES;
            state = State.COMMENT;
            return i + 1;
        }
        values.verbatim(DASHES, 0, 1, dashWire);
        state = State.BOGUS_COMMENT;
        return i;
    }

    /**
     * XML's {@code <![CDATA[}, after {@code <!}: once whole, a CDATA section follows, read as text
     * of its element; anything else is a bogus comment holding the bytes matched so far.
     */
    private int cdataOpen(byte[] buf, int i) {
        if (buf[i] == CDATA_OPEN[cdataMatched]) {
            if (++cdataMatched == CDATA_OPEN.length) {
                dashes = 0;
                closing = BRACKETS;
                kind = Kind.TEXT;
                state = State.COMMENT;
            }
            return i + 1;
        }
        values.verbatim(CDATA_OPEN, 0, cdataMatched, dashWire);
        state = State.BOGUS_COMMENT;
        return i;
    }

    /**
     * §13.2.5.45-52 comment states, reduced to: the comment ends at {@code -->}. An XML CDATA
     * section is read the same way up to its {@code ]]>} ({@link #closing}).
     */
    private int comment(byte[] buf, int i, int end) {
        byte closer = closing[0];
        while (i < end) {
            byte b = buf[i];
            if (b == closer) {
                if (dashes == 0) {
                    values.flush(buf, i);
                    dashWire = values.wireAt(i);
                    dashes = 1;
                } else if (dashes == 1) {
                    dashes = 2;
                } else {
                    // A third dash: the oldest held one is comment text.
                    values.verbatim(closing, 0, 1, dashWire);
                    dashWire++;
                }
                i++;
                continue;
            }
            if (b == '>' && dashes == 2) {
                dashes = 0;
                values.close();
                toData();
                return i + 1;
            }
            releaseDashes();
            values.extendRun(i);
            i++;
        }
        return i;
    }

    private void releaseDashes() {
        if (dashes > 0) {
            values.verbatim(closing, 0, dashes, dashWire);
            dashes = 0;
        }
    }

    /** §13.2.5.41 bogus comment state. */
    private int bogusComment(byte[] buf, int i, int end) {
        int stop = values.runUntil(buf, i, end, BOGUS_COMMENT_ENDS);
        if (stop == end) {
            return end;
        }
        values.close();
        toData();
        return stop + 1;
    }

    /** §13.2.5.3 RAWTEXT and script data: everything up to {@code </script} + a tag-name end. */
    private int rawText(byte[] buf, int i, int end) {
        int full = 2 + rawTag.length;
        while (i < end) {
            byte b = buf[i];
            if (rawMatched == 0) {
                if (b == '<') {
                    values.flush(buf, i);
                    rawHeldWire = values.wireAt(i);
                    rawHeld[rawMatched++] = b;
                } else {
                    values.extendRun(i);
                }
                i++;
                continue;
            }
            boolean next;
            if (rawMatched == 1) {
                next = b == '/';
            } else if (rawMatched < full) {
                next = lower(b) == rawTag[rawMatched - 2];
            } else {
                if (isSpace(b) || b == '/' || b == '>') {
                    rawMatched = 0;
                    values.close();
                    beginTag(true);
                    System.arraycopy(rawTag, 0, tagName, 0, rawTag.length);
                    tagNameLen = rawTag.length;
                    if (b == '>') {
                        toData();
                        return i + 1;
                    }
                    state = State.BEFORE_ATTR_NAME;
                    return i;
                }
                next = false;
            }
            if (next) {
                rawHeld[rawMatched++] = b;
                i++;
            } else {
                releaseRaw();
            }
        }
        return i;
    }

    private void releaseRaw() {
        values.verbatim(rawHeld, 0, rawMatched, rawHeldWire);
        rawMatched = 0;
    }

    // --- character references --------------------------------------------------------------

    private int startRef(byte[] buf, int i) {
        values.flush(buf, i);
        ref.start(values.wireAt(i));
        returnState = state;
        state = State.CHAR_REF;
        return i + 1;
    }

    /** §13.2.5.72 character reference state, collecting up to the {@code ;} or another byte. */
    private int charRef(byte b, int i) {
        if (b == ';') {
            ref.terminate();
            emitRef();
            state = returnState;
            return i + 1;
        }
        if (ref.offer(b)) {
            return i + 1;
        }
        emitRef();
        state = returnState;
        return i;
    }

    private void emitRef() {
        if (ref.resolve()) {
            boolean blank = ref.decodedIsSpace();
            if (kind == Kind.TEXT && !values.isOpen() && blank) {
                return;
            }
            values.escaped(ref.decoded(), 0, ref.decodedLength(), ref.wireStart(), ref.wireEnd());
            if (naming >= 0) {
                captureElementName(ref.decoded(), 0, ref.decodedLength());
            }
            if (kind == Kind.TEXT) {
                label.append(ref.decoded(), 0, ref.decodedLength(), blank);
            }
        } else {
            values.verbatim(ref.raw(), 0, ref.rawLength(), ref.wireStart());
            if (naming >= 0) {
                captureElementName(ref.raw(), 0, ref.rawLength());
            }
            if (kind == Kind.TEXT) {
                label.append(ref.raw(), 0, ref.rawLength(), false);
            }
        }
    }

    // --- end of body ---------------------------------------------------------------------

    @Override
    public void end() {
        State s = state;
        if (s == State.CHAR_REF) {
            emitRef();
            s = returnState;
        }
        switch (s) {
            case DATA -> endText();
            case TAG_OPEN -> {
                emitHeldLt();
                endText();
            }
            case MARKUP_DASH, MARKUP_DECL, COMMENT, BOGUS_COMMENT, CDATA_OPEN -> {
                if (s == State.MARKUP_DASH) {
                    values.verbatim(DASHES, 0, 1, dashWire);
                } else if (s == State.CDATA_OPEN) {
                    values.verbatim(CDATA_OPEN, 0, cdataMatched, dashWire);
                }
                releaseDashes();
                values.close();
                outcomes.record(Outcome.TRUNCATED, dialect() + (s == State.COMMENT && closing == BRACKETS
                        ? ": CDATA section not closed" : ": comment not closed"));
            }
            case RAW_TEXT -> {
                if (rawMatched > 0) {
                    releaseRaw();
                }
                values.close();
                outcomes.record(Outcome.TRUNCATED, dialect() + ": script or style not closed");
            }
            case DONE -> {
            }
            default -> {
                values.close();
                outcomes.record(Outcome.TRUNCATED, dialect() + ": body ended inside a tag");
            }
        }
        state = State.DONE;
    }

    private String dialect() {
        return xml ? "xml" : "html";
    }

    // --- values --------------------------------------------------------------------------

    /** Key and path of the value about to begin, by what it is. */
    private void nameValue(FieldContext field) {
        StringBuilder path = field.path();
        if (xml) {
            nameXmlValue(field, path);
            return;
        }
        switch (kind) {
            case TEXT -> {
                field.key(textKey != null ? textKey : label.label());
                appendName(path, startTag, startTagLen);
            }
            case ATTRIBUTE -> {
                appendName(path, tagName, tagNameLen);
                path.append('@');
                appendName(path, attrName, attrNameLen);
                if (isBinding()) {
                    return; // [password]="form.password.value": a template expression, keyed by nothing
                }
                field.key(names.get(attrName, 0, attrNameLen));
                if (tagKey != null && naming < 0) {
                    field.parentKey(tagKey);
                }
            }
            case COMMENT -> path.append(COMMENT_PATH);
            case RAW_TEXT -> appendName(path, rawTag, rawTag.length);
        }
    }

    /** XML: keys and parent keys are element and attribute local names, the path the open elements. */
    private void nameXmlValue(FieldContext field, StringBuilder path) {
        elements.appendTo(path);
        switch (kind) {
            case TEXT -> {
                field.key(textKey != null ? textKey : elements.name(0));
                String parent = elements.name(1);
                if (parent != null) {
                    field.parentKey(parent);
                }
                elements.memberOf(field, 1);
                elements.labelsOf(field, 1);
            }
            case ATTRIBUTE -> {
                String element = localName(tagName, tagNameLen);
                path.append('/').append(element).append("/@").append(names.get(attrName, 0, attrNameLen));
                field.key(localName(attrName, attrNameLen));
                field.parentKey(tagKey != null && naming < 0 ? tagKey : element);
            }
            case COMMENT, RAW_TEXT -> path.append('/').append(COMMENT_PATH);
        }
    }

    /** The part of a name after its namespace prefix ({@code soap:Body} is {@code Body}). */
    private String localName(byte[] name, int len) {
        int colon = len - 1;
        while (colon >= 0 && name[colon] != ':') {
            colon--;
        }
        return names.get(name, colon + 1, len - colon - 1);
    }

    /**
     * Whether the attribute is a template binding whose value is code (Angular {@code [x]},
     * {@code (x)}, {@code *ngIf}, {@code #ref}; Vue {@code :x}, {@code @x}, {@code v-bind:x}).
     */
    private boolean isBinding() {
        if (attrNameLen == 0) {
            return false;
        }
        byte first = attrName[0];
        return first == '[' || first == '(' || first == '*' || first == ':' || first == '@' || first == '#'
                || attrNameLen > 2 && first == 'v' && attrName[1] == '-';
    }

    /** Text runs feed the label that may key a later value; a naming attribute's runs, the element's name. */
    private void labelText(byte[] buf, int off, int len) {
        if (kind == Kind.TEXT) {
            label.append(buf, off, len, false);
        } else if (naming >= 0) {
            captureElementName(buf, off, len);
        }
    }

    private void appendTagName(byte b) {
        if (tagNameLen < maxTagName) {
            tagName[tagNameLen++] = xml ? b : lower(b);
        } else {
            tagNameCut = true;
        }
    }

    private void appendAttrName(byte b) {
        if (attrNameLen < MAX_ATTR_NAME) {
            attrName[attrNameLen++] = xml ? b : lower(b);
        }
    }

    private boolean isName(byte[] name) {
        return sameName(tagName, tagNameLen, name);
    }

    private boolean isAnyName(byte[][] names) {
        for (byte[] name : names) {
            if (isName(name)) {
                return true;
            }
        }
        return false;
    }

    private static byte[][] bytes(String... names) {
        byte[][] b = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            b[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return b;
    }

    /**
     * Whether {@code buf[0, len)} is {@code lowerName} ignoring ASCII case. Tag and attribute
     * names are stored lower-cased already; an attribute value ({@code type="Password"}) is not.
     */
    private static boolean sameName(byte[] buf, int len, byte[] lowerName) {
        if (len != lowerName.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (lower(buf[i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private static void appendName(StringBuilder sb, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            sb.append((char) (b[i] & 0xff));
        }
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    /** An ASCII letter opens a tag name; in XML also {@code _}, {@code :} and any non-ASCII byte (XML 1.0 §2.3). */
    private boolean startsName(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || xml && (b == '_' || b == ':' || b < 0);
    }

    /** HTML white space (§13.2.5: tab, LF, FF, space; CR is normalised away by the input stream). */
    private static boolean isSpace(byte b) {
        return TextLabel.isSpace(b);
    }
}
