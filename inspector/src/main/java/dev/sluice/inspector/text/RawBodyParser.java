package dev.sluice.inspector.text;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.ParserContext;

/**
 * The parser for binary and unknown bodies ({@code application/octet-stream}, a missing
 * Content-Type) and the fallback when a structured parser gives up: the bytes are scanned as
 * they are, as one text value. Unknown types are scanned, never skipped, because a leak does
 * not care about the label on its envelope; the matchers work on bytes, so binary noise only
 * costs scan time.
 */
public final class RawBodyParser {
    private RawBodyParser() {
    }

    /** A parser that emits the body verbatim as one value; see {@link TextBodyParser}. */
    public static ByteSink create(ParserContext ctx, long baseOffset, String name) {
        return new TextBodyParser(ctx, baseOffset, name);
    }
}
