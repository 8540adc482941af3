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
 */
final class GuessingBodyParser implements ByteSink {
    static final int GUESS_BYTES = 64;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Supplier<ByteSink> json;
    private final Supplier<ByteSink> declared;
    private final byte[] head = new byte[GUESS_BYTES];
    private int size;
    private ByteSink target;

    GuessingBodyParser(Supplier<ByteSink> json, Supplier<ByteSink> declared) {
        this.json = json;
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
            Boolean isJson = looksLikeJson(head, size);
            if (isJson == null && size < GUESS_BYTES) {
                return;
            }
            choose(Boolean.TRUE.equals(isJson));
        }
        if (len > 0) {
            target.write(buf, off, len);
        }
    }

    @Override
    public void end() {
        if (target == null) {
            choose(Boolean.TRUE.equals(looksLikeJson(head, size)));
        }
        target.end();
    }

    private void choose(boolean isJson) {
        target = isJson ? json.get() : declared.get();
        if (size > 0) {
            target.write(head, 0, size);
        }
    }

    /**
     * True when {@code b[0..n)} opens a JSON document as {@link GuessingBodyParser} guesses,
     * false when it does not, null when more bytes are needed to tell.
     */
    static Boolean looksLikeJson(byte[] b, int n) {
        int i = 0;
        if (n >= BOM.length && Arrays.equals(b, 0, BOM.length, BOM, 0, BOM.length)) {
            i = BOM.length;
        } else if (n < BOM.length && n > 0 && b[0] == BOM[0]) {
            return Arrays.equals(b, 0, n, BOM, 0, n) ? null : false;
        }
        i = skipSpace(b, i, n);
        if (i == n) {
            return null;
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

    private static int skipSpace(byte[] b, int i, int n) {
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }
}
