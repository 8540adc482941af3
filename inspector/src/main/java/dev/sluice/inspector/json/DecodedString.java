package dev.sluice.inspector.json;

import dev.sluice.inspector.text.AsciiCase;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.util.Arrays;

/**
 * A JSON string decoded whole, with the wire span of every decoded byte: the input of a
 * nested parse when a string holds a JSON document of its own (message-queue envelopes,
 * {@code "payload": "{\"card\": ...}"}). Doubles as the {@link ValueSink} that collects it
 * and, through {@link #translating}, as the sink that maps the nested parse's offsets (indices
 * into this string) back to the outer wire. Bounded by the caller's token limit.
 */
final class DecodedString implements ValueSink {
    private static final byte[] HTML_OPEN = AsciiCase.word("<html");
    private static final byte[] DOCTYPE_HTML = AsciiCase.word("<!doctype html");
    byte[] bytes = new byte[256];
    long[] wireStart = new long[256];
    long[] wireEnd = new long[256];
    int length;

    void clear() {
        length = 0;
    }

    @Override
    public void beginValue(FieldContext field) {
        clear();
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        ensure(length + len);
        for (int i = 0; i < len; i++) {
            bytes[length] = buf[off + i];
            wireStart[length] = wireOffset + i;
            wireEnd[length] = wireOffset + i + 1;
            length++;
        }
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long ws, long we) {
        ensure(length + len);
        for (int i = 0; i < len; i++) {
            bytes[length] = buf[off + i];
            wireStart[length] = ws;
            wireEnd[length] = we;
            length++;
        }
    }

    @Override
    public void endValue() {
    }

    private void ensure(int n) {
        if (n > bytes.length) {
            int cap = Math.max(n, bytes.length * 2);
            bytes = Arrays.copyOf(bytes, cap);
            wireStart = Arrays.copyOf(wireStart, cap);
            wireEnd = Arrays.copyOf(wireEnd, cap);
        }
    }

    /**
     * True when the first and last non-blank bytes make it look like a JSON object or array
     * and the first byte inside can open what the bracket holds. A log sanitiser's
     * {@code [REDACTED]} or {@code [FILTERED]} is a word in brackets, not an array: parsed as
     * one it would fail at the word and leave the rest to the text fallback without the
     * brackets that mark it as a placeholder.
     */
    boolean looksLikeJson() {
        int s = firstNonBlank();
        int e = lastNonBlank(s);
        if (e <= s || !(bytes[s] == '{' && bytes[e] == '}' || bytes[s] == '[' && bytes[e] == ']')) {
            return false;
        }
        int i = s + 1;
        while (i < e && JsonWhitespace.is(bytes[i])) {
            i++;
        }
        int first = bytes[i];
        return bytes[s] == '{' ? first == '"' || first == '}' : opensValue(first) || first == ']';
    }

    /** What kind of markup the bytes are, judged by their first and last bytes that are not blank. */
    enum Markup {
        NONE, XML, HTML
    }

    /**
     * {@link Markup#XML} when the first byte that is not blank opens a tag, a declaration or a
     * processing instruction ({@code <} and a letter, {@code ?} or {@code !}) and the last closes
     * one; {@link Markup#HTML} when it opens {@code <html} or {@code <!doctype html}, in any case;
     * else {@link Markup#NONE}.
     */
    Markup markup() {
        int s = firstNonBlank();
        int e = lastNonBlank(s);
        if (e - s < 3 || bytes[s] != '<' || bytes[e] != '>') {
            return Markup.NONE;
        }
        int next = bytes[s + 1];
        if (!(next == '?' || next == '!' || (next | 0x20) >= 'a' && (next | 0x20) <= 'z')) {
            return Markup.NONE;
        }
        return AsciiCase.startsWith(bytes, s, length, HTML_OPEN) || AsciiCase.startsWith(bytes, s, length, DOCTYPE_HTML)
                ? Markup.HTML
                : Markup.XML;
    }

    /** The index of the first byte that is not blank; {@code length} when there is none. */
    private int firstNonBlank() {
        int s = 0;
        while (s < length && JsonWhitespace.is(bytes[s])) {
            s++;
        }
        return s;
    }

    /** The index of the last byte that is not blank, at or after {@code from}; {@code from - 1} when there is none. */
    private int lastNonBlank(int from) {
        int e = length - 1;
        while (e >= from && JsonWhitespace.is(bytes[e])) {
            e--;
        }
        return e;
    }

    private static boolean opensValue(int b) {
        return b == '{' || b == '[' || b == '"' || b == '-' || (b >= '0' && b <= '9') || b == 't' || b == 'f' || b == 'n';
    }

    /** A sink that takes offsets into this string and forwards to {@code outer} with wire offsets. */
    ValueSink translating(ValueSink outer) {
        return new ValueSink() {
            @Override
            public void beginValue(FieldContext field) {
                outer.beginValue(field);
            }

            @Override
            public void verbatim(byte[] buf, int off, int len, long at) {
                int i = (int) at;
                int end = i + len;
                while (i < end) {
                    int j = i;
                    if (wireEnd[j] - wireStart[j] == 1 && (j + 1 >= length || wireStart[j + 1] != wireStart[j])) {
                        // A run of bytes that were verbatim on the outer wire too.
                        while (j + 1 < end && wireEnd[j + 1] - wireStart[j + 1] == 1 && wireStart[j + 1] == wireEnd[j]) {
                            j++;
                        }
                        outer.verbatim(buf, off + (i - (int) at), j - i + 1, wireStart[i]);
                    } else {
                        while (j + 1 < end && wireStart[j + 1] == wireStart[i] && wireEnd[j + 1] == wireEnd[i]) {
                            j++;
                        }
                        outer.escaped(buf, off + (i - (int) at), j - i + 1, wireStart[i], wireEnd[i]);
                    }
                    i = j + 1;
                }
            }

            @Override
            public void escaped(byte[] buf, int off, int len, long ws, long we) {
                outer.escaped(buf, off, len, wireStart[(int) ws], wireEnd[(int) we - 1]);
            }

            @Override
            public void endValue() {
                outer.endValue();
            }

            @Override
            public boolean skipsNumber(FieldContext field, int length) {
                return outer.skipsNumber(field, length);
            }
        };
    }
}
