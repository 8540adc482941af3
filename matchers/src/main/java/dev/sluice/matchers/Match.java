package dev.sluice.matchers;

/**
 * One confirmed finding of the matcher: which detector, where on the wire (byte offsets into
 * the body as the parser saw it, end exclusive), under which field, and two safe renderings
 * of the value — a masked preview and a keyed hash. The raw value is never kept.
 *
 * @param detector   what was found
 * @param start      wire offset of the first byte (inclusive)
 * @param end        wire offset past the last byte (exclusive)
 * @param path       field path of the value ({@code $.users[3].card}), empty for free text
 * @param key        the key or label that gave context, or null
 * @param preview    masked preview such as {@code 4111********1111}
 * @param valueHash  hex HMAC-SHA256 of the decoded value under the engine's key, truncated
 * @param origin     the decoder that placed the value ({@link FieldContext#origin()}), or null
 */
public record Match(Detector detector, long start, long end, String path, String key, String preview,
                    String valueHash, String origin) {

    public String id() {
        return detector.id();
    }

    public Category category() {
        return detector.category();
    }

    @Override
    public String toString() {
        return "Match[" + detector.id() + " " + start + ".." + end + " path=" + path + " preview=" + preview + "]";
    }
}
