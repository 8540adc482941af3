package dev.sluice.inspector;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The parser for a body whose label does not say JSON (plain text, HTML, an unknown or missing
 * type) but whose first bytes show it is: PHP's {@code echo json_encode(...)} answers as
 * {@code text/html}, object stores as {@code application/octet-stream}, hand-written handlers as
 * {@code text/plain}. Read as text, such a body would lose what only its structure gives: the
 * key one object up ({@code "spring.datasource.password": {"value": ...}}), a label sibling,
 * field paths, and redactions that keep it valid JSON. Read as JSON, a body that turns out not to
 * be is read as text from where it stops being JSON, as its label said, without a parse failure.
 *
 * <p>It holds at most {@link #GUESS_BYTES} bytes while it decides, then hands them and the rest
 * to the parser it chose. JSON is guessed only on an opening that text rarely has: an object
 * whose first member name (or end) follows its brace, or an array whose first element is an
 * object, an array or a string (a log line's {@code [2026-11-22 ...]} or {@code [INFO]} is not).
 * A body labelled as text or nothing known (not HTML) that opens with an XML declaration
 * ({@code <?xml version=...}) is read as XML, which names each value by its element.
 *
 * <p>A request body with no label at all that opens with a form field ({@code name=value}, no
 * line break in the bytes held) is read as an urlencoded form ({@link #looksLikeForm}): a client
 * that leaves the type out still reaches applications that parse the body as a form (PHP's
 * {@code parse_str(file_get_contents('php://input'))}, a framework that defaults to it), and read
 * as text its percent-encoded values would hide what they carry. A {@code .env} file or a log
 * line breaks its line within the held bytes and stays text.
 */
final class GuessingBodyParser implements ByteSink {
    static final int GUESS_BYTES = 64;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** {@link #firstByte}: more bytes are needed to tell; a broken byte order mark. */
    private static final int NEED_MORE = -1;
    private static final int NOT_TEXT = -2;

    /** What the first bytes say a body is. */
    private enum Guess { JSON, XML, FORM, DECLARED }

    private static final byte[] XML_DECLARATION = {'<', '?', 'x', 'm', 'l'};

    private final Supplier<ByteSink> json;
    /** Null where XML is not guessed (a body labelled HTML stays HTML). */
    private final Supplier<ByteSink> xml;
    /** Null where a form is not guessed (anything but an unlabelled request body). */
    private final Supplier<ByteSink> form;
    private final Supplier<ByteSink> declared;
    private final byte[] head = new byte[GUESS_BYTES];
    private int size;
    private ByteSink target;

    GuessingBodyParser(Supplier<ByteSink> json, Supplier<ByteSink> xml, Supplier<ByteSink> form,
                       Supplier<ByteSink> declared) {
        this.json = json;
        this.xml = xml;
        this.form = form;
        this.declared = declared;
    }

    /** Whether a body of {@code kind} at the top of its session is worth a guess. */
    static boolean guesses(MediaKind kind, ParserContext ctx) {
        return kind == MediaKind.TEXT || kind == MediaKind.HTML || kind == MediaKind.RAW && ctx.protobuf() == null;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (target == null) {
            int n = Math.min(len, GUESS_BYTES - size);
            System.arraycopy(buf, off, head, size, n);
            size += n;
            off += n;
            len -= n;
            Guess guess = guess(false);
            if (guess == null && size < GUESS_BYTES) {
                return;
            }
            choose(guess);
        }
        if (len > 0) {
            target.write(buf, off, len);
        }
    }

    @Override
    public void end() {
        if (target == null) {
            choose(guess(true));
        }
        target.end();
    }

    /** What the bytes held so far say, or null when more are needed to tell; {@code ended}: the body has no more. */
    private Guess guess(boolean ended) {
        Boolean isJson = looksLikeJson(head, size);
        if (Boolean.TRUE.equals(isJson)) {
            return Guess.JSON;
        }
        Boolean isXml = xml == null ? Boolean.FALSE : looksLikeXml(head, size);
        if (Boolean.TRUE.equals(isXml)) {
            return Guess.XML;
        }
        Boolean isForm = form == null ? Boolean.FALSE : looksLikeForm(head, size, ended);
        if (Boolean.TRUE.equals(isForm)) {
            return Guess.FORM;
        }
        return isJson == null || isXml == null || isForm == null ? null : Guess.DECLARED;
    }

    private void choose(Guess guess) {
        target = switch (guess == null ? Guess.DECLARED : guess) {
            case JSON -> json.get();
            case XML -> xml.get();
            case FORM -> form.get();
            case DECLARED -> declared.get();
        };
        if (size > 0) {
            target.write(head, 0, size);
        }
    }

    /**
     * True when {@code b[0..n)} opens a JSON document as {@link GuessingBodyParser} guesses,
     * false when it does not, null when more bytes are needed to tell.
     */
    static Boolean looksLikeJson(byte[] b, int n) {
        int i = firstByte(b, n);
        if (i < 0) {
            return i == NEED_MORE ? null : false;
        }
        byte open = b[i];
        if (open != '{' && open != '[') {
            return false;
        }
        i = skipSpace(b, i + 1, n);
        if (i == n) {
            return null;
        }
        byte next = b[i];
        return open == '{' ? next == '"' || next == '}' : next == '{' || next == '[' || next == '"' || next == ']';
    }

    /** True when {@code b[0..n)} opens with an XML declaration, false when it does not, null when more bytes are needed. */
    static Boolean looksLikeXml(byte[] b, int n) {
        int i = firstByte(b, n);
        if (i < 0) {
            return i == NEED_MORE ? null : false;
        }
        int have = Math.min(n - i, XML_DECLARATION.length);
        if (!Arrays.equals(b, i, i + have, XML_DECLARATION, 0, have)) {
            return false;
        }
        int after = i + XML_DECLARATION.length;
        return after >= n ? null : b[after] == ' ' || b[after] == '\t' || b[after] == '\r' || b[after] == '\n';
    }

    /**
     * True when {@code b[0..n)} opens with a form field: a name of word bytes, dots, dashes,
     * brackets or percent escapes, then {@code =}, and no line break after it but those that end
     * the body. False when it does not; null when more bytes are needed to tell ({@code ended}:
     * the body has no more).
     */
    static Boolean looksLikeForm(byte[] b, int n, boolean ended) {
        boolean last = ended || n >= GUESS_BYTES;
        int i = 0;
        while (i < n && isNameByte(b[i])) {
            i++;
        }
        if (i == n) {
            return last ? false : null;
        }
        if (i == 0 || b[i] != '=') {
            return false;
        }
        int lineBreak = i + 1;
        while (lineBreak < n && b[lineBreak] != '\n' && b[lineBreak] != '\r') {
            lineBreak++;
        }
        if (lineBreak == n) {
            return last ? true : null;
        }
        // Only the line break that ends a body (`echo 'a=1' | curl --data-binary @-`) is a form's.
        int j = lineBreak;
        while (j < n && (b[j] == '\n' || b[j] == '\r')) {
            j++;
        }
        if (j < n || !last) {
            return j < n ? Boolean.FALSE : null;
        }
        return ended;
    }

    private static boolean isNameByte(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || c == '%';
    }

    /** Where the first byte after a UTF-8 byte order mark and white space is, {@link #NEED_MORE}, or {@link #NOT_TEXT} for a broken mark. */
    private static int firstByte(byte[] b, int n) {
        int i = 0;
        if (n >= BOM.length && Arrays.equals(b, 0, BOM.length, BOM, 0, BOM.length)) {
            i = BOM.length;
        } else if (n < BOM.length && n > 0 && b[0] == BOM[0]) {
            return Arrays.equals(b, 0, n, BOM, 0, n) ? NEED_MORE : NOT_TEXT;
        }
        i = skipSpace(b, i, n);
        return i == n ? NEED_MORE : i;
    }

    private static int skipSpace(byte[] b, int i, int n) {
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }
}
