package dev.sluice.inspector.text;

import dev.sluice.matchers.ForwardingValueSink;
import dev.sluice.matchers.ValueSink;

/**
 * Decodes the escapes of another syntax that a structured value carries inside it: percent
 * escapes ({@code %40}, RFC 3986 §2.1) of a URL or query string held in a JSON string
 * ({@code "next": "https://app/cb?email=jane%40corp.io"}), and HTML character references
 * ({@code &#64;}, {@code &#x40;}, {@code &commat;}) of a markup fragment held in one
 * ({@code "bio": "<p>jane&#64;corp.io</p>"}). Read as written, neither value holds an address;
 * decoded, the matchers see {@code jane@corp.io}, and each escape keeps its own wire span, so a
 * finding still covers the bytes as sent and a redaction masks them.
 *
 * <p>Only whole escapes inside one run of bytes are decoded: a value's run is complete when it
 * is handed over, and an escape cut by one of the string's own JSON escapes (a {@code %}, then a
 * hex digit written as a JSON escape) is not one anybody writes. A {@code %} not followed by two hex digits and an {@code &} that starts no
 * known reference stay as they are. Not thread-safe; one per parser.
 */
public final class EmbeddedEscapes {
    private final CharacterReference ref = new CharacterReference();
    private final byte[] one = new byte[1];

    /** Whether {@code [s, e)} holds a byte that may start an escape ({@code %} or {@code &}). */
    public static boolean mayHold(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c == '%' || c == '&') {
                return true;
            }
        }
        return false;
    }

    /**
     * Passes {@code [s, e)}, which is on the wire from {@code wireOffset} on byte for byte, to
     * {@code sink}: its escapes as {@link ValueSink#escaped} calls over their wire spans, the
     * bytes between them verbatim.
     */
    public void emit(byte[] b, int s, int e, long wireOffset, ValueSink sink) {
        int run = s;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            int end = c == '%' ? percentEnd(b, i, e) : c == '&' ? referenceEnd(b, i, e, wireOffset + (i - s)) : -1;
            if (end < 0) {
                continue;
            }
            if (i > run) {
                sink.verbatim(b, run, i - run, wireOffset + (run - s));
            }
            long wireStart = wireOffset + (i - s);
            if (c == '%') {
                one[0] = (byte) (PercentEscape.hexValue(b[i + 1]) << 4 | PercentEscape.hexValue(b[i + 2]));
                sink.escaped(one, 0, 1, wireStart, wireStart + 3);
            } else {
                sink.escaped(ref.decoded(), 0, ref.decodedLength(), wireStart, wireStart + (end - i));
            }
            run = end;
            i = end - 1;
        }
        if (e > run) {
            sink.verbatim(b, run, e - run, wireOffset + (run - s));
        }
    }

    /**
     * {@code next} with this decoding applied to its verbatim bytes, for a parser that hands a
     * value over in several runs (a JSON string with escapes of its own between them).
     */
    public ValueSink decoding(ValueSink next) {
        return new ForwardingValueSink(next) {
            @Override
            public void verbatim(byte[] buf, int off, int len, long wireOffset) {
                emit(buf, off, off + len, wireOffset, next());
            }
        };
    }

    /** End of the percent escape at {@code i}, or -1 when there is none. */
    private static int percentEnd(byte[] b, int i, int e) {
        return i + 2 < e && PercentEscape.hexValue(b[i + 1]) >= 0 && PercentEscape.hexValue(b[i + 2]) >= 0
                ? i + 3 : -1;
    }

    /** End of the character reference at {@code i} (left resolved in {@link #ref}), or -1. */
    private int referenceEnd(byte[] b, int i, int e, long wireStart) {
        ref.start(wireStart);
        int j = i + 1;
        while (j < e && ref.offer(b[j])) {
            j++;
        }
        if (j < e && b[j] == ';') {
            ref.terminate();
            j++;
        }
        return ref.rawLength() > 1 && ref.resolve() ? j : -1;
    }
}
