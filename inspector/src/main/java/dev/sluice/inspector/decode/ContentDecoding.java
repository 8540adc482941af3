package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds the decoding stages for a {@code Content-Encoding} header, the first stage of the body
 * pipeline: wire bytes → decoding stages → body parser.
 *
 * <p>RFC 9110 §8.4: the header lists codings in the order they were applied, so the body is
 * decoded in reverse: the last coding listed gets the wire bytes first. Names are
 * case-insensitive (§8.4.1) and the list may carry optional whitespace and empty elements
 * (§5.6.1). Supported: {@code gzip} and {@code x-gzip} (§8.4.1.3, RFC 1952), {@code deflate}
 * (§8.4.1.2, RFC 1950 or raw RFC 1951), {@code br} (RFC 7932) and {@code zstd} (RFC 8878).
 * {@code identity} means no transformation and is skipped.
 *
 * <p>An unknown coding records {@link Outcome#UNSUPPORTED_ENCODING}, with the coding's name
 * (sanitized, at most {@value #MAX_DETAIL_NAME} characters) as the detail. Codings applied before
 * it cannot be undone, so they are left alone: the body reaches the parser as it is under the
 * unknown coding, after decoding only the known codings listed after it (which is all codings
 * when the unknown one is last, the common case). The same holds when a native decoder cannot be
 * loaded on this platform.
 *
 * <p>Limits:
 * <table>
 *   <caption>Limits of the decoding pipeline</caption>
 *   <tr><th>limit</th><th>value</th><th>outcome</th></tr>
 *   <tr><td>codings in one header</td><td>{@value #MAX_CODINGS}</td><td>{@link Outcome#UNSUPPORTED_ENCODING};
 *       the body is passed on undecoded (each layer could otherwise cost a full
 *       {@code maxDecompressedBytes} of work)</td></tr>
 *   <tr><td>{@code maxDecompressedBytes}, per stage</td><td>64 MiB</td><td>{@link Outcome#DECOMPRESSED_SIZE_LIMIT}</td></tr>
 *   <tr><td>{@code maxDecompressionRatio}, per stage, from 1 MiB decoded</td><td>200</td>
 *       <td>{@link Outcome#DECOMPRESSION_RATIO_LIMIT}</td></tr>
 * </table>
 * Corrupt data gives {@link Outcome#DECODING_ERROR}, a body that ends inside a compressed stream
 * {@link Outcome#TRUNCATED}; see {@link DecodingSink} for how each stage enforces its limits.
 */
public final class ContentDecoding {
    /** More codings than any real server stacks; bounds the work one header can ask for. */
    static final int MAX_CODINGS = 4;
    static final int MAX_DETAIL_NAME = 32;

    private ContentDecoding() {
    }

    /**
     * Returns the sink that takes the body as it is on the wire and hands {@code downstream} the
     * decoded representation; {@code downstream} itself when there is nothing to decode. The
     * returned sink follows {@link ByteSink}'s contract: it never throws on any input, and calls
     * {@code downstream.end()} once, from its own {@code end()}.
     *
     * @param contentEncodingHeader the header's value, possibly several field lines joined with
     *                              commas; null or empty when absent
     */
    public static ByteSink wrap(String contentEncodingHeader, ByteSink downstream, InspectionLimits limits,
            OutcomeRecorder outcomes) {
        return wrap(contentEncodingHeader, downstream, limits, HeldMemory.unbounded(), outcomes);
    }

    /** The same, the brotli and zstd decoders' windows charged to {@code memory} as they fill. */
    public static ByteSink wrap(String contentEncodingHeader, ByteSink downstream, InspectionLimits limits,
            HeldMemory memory, OutcomeRecorder outcomes) {
        Objects.requireNonNull(downstream, "downstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(outcomes, "outcomes");
        if (contentEncodingHeader == null || contentEncodingHeader.isEmpty()) {
            return downstream;
        }
        List<String> codings = parse(contentEncodingHeader);
        if (codings.size() > MAX_CODINGS) {
            outcomes.record(Outcome.UNSUPPORTED_ENCODING, "more than " + MAX_CODINGS + " codings");
            return downstream;
        }
        // Codings applied before an unknown one cannot be undone: start after the last unknown.
        int first = 0;
        for (int i = 0; i < codings.size(); i++) {
            if (!isSupported(codings.get(i))) {
                outcomes.record(Outcome.UNSUPPORTED_ENCODING, sanitize(codings.get(i)));
                first = i + 1;
            }
        }
        ByteSink sink = downstream;
        List<DecodingSink> built = new ArrayList<>(codings.size());
        // In application order: each coding wraps the sink of the coding applied before it.
        for (int i = first; i < codings.size(); i++) {
            ByteSink stage = stageFor(codings.get(i), sink, limits, memory, outcomes);
            if (stage == null) {
                // No decoder on this platform: drop the stages built so far and start over raw.
                built.forEach(DecodingSink::abandon);
                built.clear();
                sink = downstream;
            } else {
                if (stage != sink && stage instanceof DecodingSink d) {
                    built.add(d);
                }
                sink = stage;
            }
        }
        return sink;
    }

    /**
     * True when {@link #wrap} undoes every coding {@code contentEncodingHeader} names (all known,
     * not too many), so what the parser sees is the decoded body. Known from the head alone, for
     * front ends that must rewrite the head before the body; a decoder that then fails to load
     * makes the session say otherwise ({@code InspectionSession.outputEncoding()}).
     */
    public static boolean undoesAll(String contentEncodingHeader) {
        if (contentEncodingHeader == null || contentEncodingHeader.isEmpty()) {
            return true;
        }
        List<String> codings = parse(contentEncodingHeader);
        if (codings.size() > MAX_CODINGS) {
            return false;
        }
        for (String c : codings) {
            if (!isSupported(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The codings of the header in the order listed, lower-cased, without empty elements; stops
     * reading after {@code MAX_CODINGS + 1} of them.
     */
    static List<String> parse(String header) {
        List<String> codings = new ArrayList<>(2);
        int start = 0;
        int n = header.length();
        while (start <= n) {
            int comma = header.indexOf(',', start);
            int stop = comma < 0 ? n : comma;
            String element = trimOws(header, start, stop);
            if (!element.isEmpty()) {
                codings.add(element.toLowerCase(Locale.ROOT));
                if (codings.size() > MAX_CODINGS) {
                    break; // over the limit already; the rest of a hostile header is not worth reading
                }
            }
            start = stop + 1;
        }
        return codings;
    }

    private static boolean isSupported(String coding) {
        return switch (coding) {
            case "identity", "gzip", "x-gzip", "deflate", "br", "zstd" -> true;
            default -> false;
        };
    }

    /** A stage for a supported coding; {@code next} for identity; null (outcome recorded) if its decoder cannot load. */
    private static ByteSink stageFor(String coding, ByteSink next, InspectionLimits limits, HeldMemory memory,
                                     OutcomeRecorder outcomes) {
        try {
            return switch (coding) {
                case "gzip", "x-gzip" -> new GzipDecodingSink(next, limits, outcomes);
                case "deflate" -> new DeflateDecodingSink(next, limits, outcomes);
                case "br" -> new BrotliDecodingSink(next, limits, memory, outcomes);
                case "zstd" -> new ZstdDecodingSink(next, limits, memory, outcomes);
                default -> next; // identity: RFC 9110 §8.4.1 reserves it for "no transformation"
            };
        } catch (Exception | LinkageError e) {
            // The native library could not be loaded or the decoder created here: scan as is.
            outcomes.record(Outcome.UNSUPPORTED_ENCODING, sanitize(coding));
            return null;
        }
    }

    /**
     * The coding's name as it may appear in an outcome detail: RFC 9110 §5.6.2 token characters
     * only (anything else becomes {@code ?}, so a header cannot inject text into logs), at most
     * {@value #MAX_DETAIL_NAME} characters.
     */
    static String sanitize(String coding) {
        int n = Math.min(coding.length(), MAX_DETAIL_NAME);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = coding.charAt(i);
            b.append(isTokenChar(c) ? c : '?');
        }
        return b.toString();
    }

    private static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** RFC 9110 §5.6.3: OWS is spaces and horizontal tabs. */
    private static String trimOws(String s, int from, int to) {
        int a = from;
        int b = to;
        while (a < b && isOws(s.charAt(a))) {
            a++;
        }
        while (b > a && isOws(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
