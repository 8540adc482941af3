package dev.sluice.inspector;

import dev.sluice.matchers.Category;

/**
 * A finding of an inspection: detector id and category, byte span (end exclusive) in the body
 * as sent — or in the decompressed body when {@code decodedOffsets} is set — the field path
 * and context key, and the value only as a masked preview and a keyed hash. {@code origin}
 * names the decoder that placed the value when a body can be read more than one way
 * ({@code schema} or {@code schemaless} for protobuf), else null.
 */
public record Finding(String id, Category category, long start, long end, String path, String key, String preview,
                      String valueHash, boolean decodedOffsets, String origin) {

    @Override
    public String toString() {
        return "Finding[" + id + " " + start + ".." + end + (decodedOffsets ? " (decoded)" : "") + " path=" + path
                + " preview=" + preview + "]";
    }
}
