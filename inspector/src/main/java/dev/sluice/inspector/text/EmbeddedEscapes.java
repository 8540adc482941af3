package dev.sluice.inspector.text;

import dev.sluice.matchers.EightBytes;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ForwardingValueSink;
import dev.sluice.matchers.ValueSink;

/**
 * Decodes the escapes of another syntax that a value carries inside it before they reach the
 * matchers: the percent escapes ({@code %40}, RFC 3986 §2.1) of a URL in a JSON string, an HTML
 * attribute, a CSV cell or a log line ({@code https://app/unsubscribe?email=jane%40corp.io}), and
 * the character references ({@code &#64;}, {@code &#x40;}, {@code &commat;}) of an HTML fragment
 * in a JSON string or in text ({@code "bio": "<p>jane&#64;corp.io</p>"}). Read as written, neither
 * holds an address; decoded, the matchers see {@code jane@corp.io}, and each escape goes on over
 * its own wire span, so a finding covers the value as sent and a redaction masks it in place.
 *
 * <p>Parsers hand a value over in runs cut wherever their chunks or their own escapes fall, so
 * an escape may be split between two runs: {@link PercentEscape} holds the first one or two bytes
 * of a percent escape and {@link CharacterReference} up to {@value CharacterReference#MAX_BYTES}
 * bytes of a reference until the next run. An escape of the parser's own (one of a JSON
 * string's, a markup reference it decoded) or the value's end ends what is held; a numeric
 * reference resolves without its {@code ;} there, as browsers read it. A {@code %} not followed
 * by two hex digits and an {@code &} that starts no known reference stay as written. An
 * {@code &} that is itself an escape of the parser's ({@code \\u0026}, as Go's JSON encoder
 * writes every one) may still begin a reference, whose wire span then starts at that escape. Not
 * thread-safe; one per parser.
 */
public final class EmbeddedEscapes extends ForwardingValueSink {
    private final PercentEscape percent = new PercentEscape();
    private final CharacterReference ref = new CharacterReference();
    private boolean inReference;
    /** The parser's own escape of an {@code &} may begin a reference (JSON's {@code \\u0026}). */
    private final boolean escapedAmpersandBegins;

    public EmbeddedEscapes(ValueSink next) {
        this(next, false);
    }

    private EmbeddedEscapes(ValueSink next, boolean escapedAmpersandBegins) {
        super(next);
        this.escapedAmpersandBegins = escapedAmpersandBegins;
    }

    /**
     * For a JSON string's decoded bytes: an {@code &} written {@code \\u0026} may begin a reference
     * too. Not for markup, where {@code &amp;#64;} is the text {@code &#64;}, not an {@code @}.
     */
    public static EmbeddedEscapes forJson(ValueSink next) {
        return new EmbeddedEscapes(next, true);
    }

    /**
     * Whether a JSON string's wire bytes {@code [s, e)} may hold an escape: a {@code %} or
     * {@code &}, or an {@code &} written as {@code \\u0026}.
     */
    public static boolean mayHoldInJson(byte[] b, int s, int e) {
        return mayHold(b, s, e, true);
    }

    /** {@code u0026} at {@code i}. */
    private static boolean escapedAmpersandAt(byte[] b, int i, int e) {
        return i + 5 <= e && b[i] == 'u' && b[i + 1] == '0' && b[i + 2] == '0' && b[i + 3] == '2' && b[i + 4] == '6';
    }

    /** Whether {@code [s, e)} holds a byte that may start an escape ({@code %} or {@code &}). */
    public static boolean mayHold(byte[] b, int s, int e) {
        return mayHold(b, s, e, false);
    }

    private static boolean mayHold(byte[] b, int s, int e, boolean json) {
        // Eight bytes a step: most values hold none of these bytes, and a JSON body's every
        // string is asked.
        int i = s;
        long backslashes = EightBytes.every(json);
        for (; i + Long.BYTES <= e; i += Long.BYTES) {
            long x = EightBytes.load(b, i);
            long hits = EightBytes.equalTo(x, '%') | EightBytes.equalTo(x, '&') | EightBytes.equalTo(x, '\\') & backslashes;
            for (; hits != 0; hits &= hits - 1) {
                int at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (b[at] != '\\' || escapedAmpersandAt(b, at + 1, e)) {
                    return true;
                }
            }
        }
        for (; i < e; i++) {
            byte c = b[i];
            if (c == '%' || c == '&' || json && c == '\\' && escapedAmpersandAt(b, i + 1, e)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void beginValue(FieldContext field) {
        percent.clear();
        inReference = false;
        super.beginValue(field);
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        ValueSink next = next();
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (percent.pending()) {
                switch (percent.offer(b)) {
                    case HELD -> run = i + 1;
                    case DECODED -> {
                        percent.emitDecoded(next);
                        run = i + 1;
                    }
                    case NOT_AN_ESCAPE -> {
                        percent.emitHeld(next);
                        run = i;
                        i--; // b may start an escape of its own
                    }
                }
            } else if (inReference) {
                if (ref.offer(b)) {
                    run = i + 1;
                } else if (b == ';') {
                    ref.terminate();
                    endReference();
                    run = i + 1;
                } else {
                    endReference();
                    run = i;
                    i--;
                }
            } else if (b == '%' || b == '&') {
                if (i > run) {
                    next.verbatim(buf, run, i - run, wireOffset + (run - off));
                }
                if (b == '%') {
                    percent.start(wireOffset + (i - off));
                } else {
                    ref.start(wireOffset + (i - off));
                    inReference = true;
                }
                run = i + 1;
            }
        }
        if (end > run) {
            next.verbatim(buf, run, end - run, wireOffset + (run - off));
        }
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        releaseHeld();
        if (escapedAmpersandBegins && len == 1 && buf[off] == '&') {
            // An & the outer syntax escaped (Go's JSON encoder writes \\u0026 for every one) may
            // still begin a reference: "jane\\u0026#64;corp.io" is jane@corp.io to a browser.
            ref.start(wireStart, (int) (wireEnd - wireStart));
            inReference = true;
            return;
        }
        super.escaped(buf, off, len, wireStart, wireEnd);
    }

    @Override
    public void endValue() {
        releaseHeld();
        super.endValue();
    }

    /** Passes the collected reference on: decoded when it resolves, else as the bytes it was. */
    private void endReference() {
        inReference = false;
        if (ref.resolve()) {
            next().escaped(ref.decoded(), 0, ref.decodedLength(), ref.wireStart(), ref.wireEnd());
        } else if (ref.ampersandWireLength() == 1) {
            next().verbatim(ref.raw(), 0, ref.rawLength(), ref.wireStart());
        } else {
            // The & goes on as the escape it came as, what followed it as written.
            long afterAmpersand = ref.wireStart() + ref.ampersandWireLength();
            next().escaped(ref.raw(), 0, 1, ref.wireStart(), afterAmpersand);
            if (ref.rawLength() > 1) {
                next().verbatim(ref.raw(), 1, ref.rawLength() - 1, afterAmpersand);
            }
        }
    }

    /** What is held when nothing can continue it any more. */
    private void releaseHeld() {
        if (percent.pending()) {
            percent.emitHeld(next());
        } else if (inReference) {
            endReference();
        }
    }
}
