package dev.sluice.inspector.json;

import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;

/**
 * Reads a bytes value that is a gzip or zlib stream (a protobuf bytes field holding a compressed
 * payload, as event envelopes and caches store them) as the text it inflates to, under the
 * value's path, as base64 of such a stream is read ({@link Base64Values}): a JSON document, markup
 * or text ({@link DecodedContent}). Each byte of the text stands for the whole value on the wire.
 * Bounded as {@link Base64Decoder} bounds inflation, and used on a body's own values only.
 */
public final class CompressedBytes {
    private CompressedBytes() {
    }

    /**
     * Reads {@code b[off, off + len)}, the bytes of the value {@code field} names lying at wire
     * bytes {@code [wireStart, wireEnd)}, when they open a gzip member or a zlib stream that
     * inflates to text; does nothing otherwise.
     */
    public static void read(ParserContext ctx, FieldContext field, byte[] b, int off, int len, long wireStart,
                            long wireEnd) {
        if (ctx.limits().maxNestedDocuments() < 1 || !Base64Text.compressed(b, off, len)) {
            return;
        }
        DecodedString doc = Base64Decoder.inflatedText(b, off, len, wireStart, wireEnd);
        if (doc != null) {
            DecodedContent.readValue(ctx, doc, field);
        }
    }
}
