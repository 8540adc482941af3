package dev.sluice.inspector.json;

import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.PathPrefix;

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
        byte[] text = Base64Decoder.inflated(b, off, len);
        if (text == null || !Base64Text.text(text, 0, text.length)) {
            return;
        }
        DecodedString doc = new DecodedString();
        doc.escaped(text, 0, text.length, wireStart, wireEnd);
        // A message's values have no container the decoded document's count on: it counts from depth 1.
        DecodedContent.read(ctx, doc, field.key(), 1, PathPrefix.of(field.path().toString()), 1);
    }
}
