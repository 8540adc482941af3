package dev.sluice.inspector.text;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;

/**
 * Streams a whole text body (plain text, logs, {@code .env}, YAML, PEM, Markdown, XML) as one
 * value: key null, path empty, parent key the part name given at construction. The matchers find
 * {@code KEY=value} and {@code key: value} context in text themselves, so this parser does no
 * key/value work. An empty body produces no value.
 *
 * <p>Percent escapes ({@code %2B}) are decoded: text bodies are mostly logs, and logs carry
 * URLs whose query strings are percent-encoded ({@code ?phone=%2B15125550118}). A {@code %}
 * not followed by two hex digits stays as it is. Everything else passes through verbatim; at
 * most two bytes of a split escape are held between chunks.
 *
 * <p>No limits apply and no outcome is ever recorded: every byte sequence is text.
 */
public final class TextBodyParser implements ByteSink {
    private final ValueSink sink;
    private final String parentKey;
    private final byte[] pending = new byte[2];
    private final byte[] decoded = new byte[1];
    /** Bytes of an unfinished escape held in {@link #pending}: 0, 1 ({@code %}) or 2 ({@code %X}). */
    private int pendingLen;
    private long pendingAt;
    private long pos;
    private boolean open;
    private boolean ended;

    /**
     * @param ctx where the value goes
     * @param baseOffset wire offset of the first byte this parser is given
     * @param name parent key of the value (a multipart part name), or null
     */
    public TextBodyParser(ParserContext ctx, long baseOffset, String name) {
        this(ctx.sink(), baseOffset, name);
    }

    TextBodyParser(ValueSink sink, long baseOffset, String name) {
        this.sink = sink;
        this.pos = baseOffset;
        this.parentKey = name;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (len <= 0 || ended) {
            return;
        }
        if (!open) {
            open = true;
            // The context is read during beginValue only, so a fresh one per body is enough.
            sink.beginValue(new FieldContext().parentKey(parentKey));
        }
        int run = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (pendingLen == 0) {
                if (b == '%') {
                    emitVerbatim(buf, off, run, i);
                    pendingAt = pos + (i - off);
                    pending[pendingLen++] = b;
                    run = i + 1;
                }
                continue;
            }
            int h = hex(b);
            if (h < 0) {
                // Not an escape: the held bytes are text; b starts the next run.
                sink.verbatim(pending, 0, pendingLen, pendingAt);
                pendingLen = 0;
                run = i;
                i--;
            } else if (pendingLen == 1) {
                pending[pendingLen++] = b;
                run = i + 1;
            } else {
                decoded[0] = (byte) (hex(pending[1]) << 4 | h);
                sink.escaped(decoded, 0, 1, pendingAt, pendingAt + 3);
                pendingLen = 0;
                run = i + 1;
            }
        }
        emitVerbatim(buf, off, run, end);
        pos += len;
    }

    /** Passes {@code buf[from, to)} of the chunk starting at {@code buf[off]} on unchanged. */
    private void emitVerbatim(byte[] buf, int off, int from, int to) {
        if (to > from) {
            sink.verbatim(buf, from, to - from, pos + (from - off));
        }
    }

    @Override
    public void end() {
        if (open && !ended) {
            if (pendingLen > 0) {
                sink.verbatim(pending, 0, pendingLen, pendingAt);
                pendingLen = 0;
            }
            sink.endValue();
        }
        ended = true;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = b | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }
}
