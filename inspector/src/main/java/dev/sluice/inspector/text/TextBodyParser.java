package dev.sluice.inspector.text;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;

/**
 * Streams a whole text body (plain text, logs, {@code .env}, YAML, PEM, Markdown, XML) as one
 * value: key null, path empty (or the one given at construction), parent key the part name given
 * at construction. The matchers find
 * {@code KEY=value} and {@code key: value} context in text themselves, so this parser does no
 * key/value work. An empty body produces no value.
 *
 * <p>Percent escapes ({@code %2B}) and character references ({@code &#64;}) are decoded
 * ({@link EmbeddedEscapes}): text bodies are mostly logs, and logs carry URLs whose query
 * strings are percent-encoded ({@code ?phone=%2B15125550118}) and HTML fragments. What only
 * looks like an escape stays as it is; everything else passes through verbatim, and at most
 * one reference's bytes are held between chunks.
 *
 * <p>No limits apply and no outcome is ever recorded: every byte sequence is text.
 */
public final class TextBodyParser implements ByteSink {
    /** The value's sink behind the escape decoding, which holds a split escape between chunks. */
    private final ValueSink sink;
    private final String parentKey;
    /** The value's path: empty for a body, that of the string it came from for decoded text. */
    private final String path;
    private long pos;
    private boolean open;
    private boolean ended;

    /**
     * @param ctx where the value goes
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of the value (a multipart part name), or null
     */
    public TextBodyParser(ParserContext ctx, long baseOffset, String name) {
        this(ctx.sink(), baseOffset, name, "");
    }

    /**
     * A parser whose value has {@code path}: text decoded out of a value (a JSON string's base64)
     * is found where that value is.
     */
    public TextBodyParser(ParserContext ctx, long baseOffset, String name, String path) {
        this(ctx.sink(), baseOffset, name, path);
    }

    TextBodyParser(ValueSink sink, long baseOffset, String name) {
        this(sink, baseOffset, name, "");
    }

    private TextBodyParser(ValueSink sink, long baseOffset, String name, String path) {
        this.sink = new EmbeddedEscapes(sink);
        this.pos = baseOffset;
        this.parentKey = name;
        this.path = path;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (len <= 0 || ended) {
            return;
        }
        if (!open) {
            open = true;
            // The context is read during beginValue only, so a fresh one per body is enough.
            FieldContext field = new FieldContext().parentKey(parentKey);
            field.path().append(path);
            sink.beginValue(field);
        }
        sink.verbatim(buf, off, len, pos);
        pos += len;
    }

    @Override
    public void end() {
        if (open && !ended) {
            sink.endValue();
        }
        ended = true;
    }
}
