package dev.sluice.inspector.json;

import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.util.Arrays;

/**
 * A sink of values (a form's fields, a markup document's text and attributes, a head's cookies
 * and headers) that also reads a value which is base64 of text, or of gzip or zlib text, as what
 * it holds ({@link Base64Decoder}, {@link DecodedContent}), as a JSON string of base64 is read
 * ({@link JsonBodyParser}): SAML's {@code SAMLResponse} form field and the hidden input of the
 * page that posts it, a webhook's {@code payload=}, an XML element that carries a document, a
 * cookie-session's JSON, a data URL's file. Each value passes on as it comes and is read as
 * itself first; beside it a copy is kept only while every byte is of a base64 alphabet (or a
 * line break, or a data URL's header), up to {@value Base64Text#MAX_CHARS} bytes, so the common
 * value (a word, a number, a sentence) stops the copy at its first space or punctuation.
 *
 * <p>Every decoded byte stands for the whole value on the wire, so a finding inside covers the
 * value and a redaction replaces it whole, written in the value's syntax (percent-encoded in a
 * form, character references in markup): no mask inside base64 leaves it decodable. Where the
 * body is rewritten, the bytes of a value that may still be base64 are held
 * ({@link ParserContext#holdFrom}) until it stops being one or is read, so none has left when a
 * finding inside it is made. A decoded document's own values are not decoded again here (a JSON
 * document's strings are, by {@link JsonBodyParser}'s rule).
 *
 * <p>A binary document's byte strings ({@link #aroundBytes}: CBOR's, MessagePack's {@code bin})
 * are read the same way, and also when they open a gzip member or a zlib stream
 * ({@link CompressedBytes}), as a protobuf message's bytes fields are: caches and event envelopes
 * store compressed payloads there. Such a value is kept as it comes, up to
 * {@value Base64Text#MAX_CHARS} bytes (a longer one is not read), and held from its first byte
 * where the body is rewritten until its first {@value #COMPRESSED_HEADER} bytes say what it is.
 */
public final class Base64Values implements ValueSink {
    /** The fewest characters a value read as base64 has. */
    public static final int MIN_CHARS = Base64Text.MIN_CHARS;
    /** Bytes that tell a gzip member or a zlib stream from anything else ({@link Base64Text#compressed}). */
    static final int COMPRESSED_HEADER = 3;
    private final ParserContext ctx;
    /** Its own field, not a forwarding base class's: this call site sees one sink class, and inlines it. */
    private final ValueSink out;
    /** Whether the body is rewritten: only then are a candidate's bytes held. */
    private final boolean holds;
    /** Whether a value may also be a compressed stream (a byte string's). */
    private final boolean compressedToo;
    private FieldContext field;
    private boolean candidate;
    /** The value opens a gzip member or a zlib stream: its bytes are kept as they come. */
    private boolean compressed;
    private byte[] chars = new byte[64];
    private int length;
    private long wireStart;
    private long wireEnd;
    private final Base64Decoder decoder = new Base64Decoder();
    /** The first characters' bytes, decoded to judge whether a value may be base64 of text. */
    private final byte[] sample = new byte[Base64Text.SAMPLE_BYTES];

    private Base64Values(ParserContext ctx, ValueSink out, boolean compressedToo) {
        this.ctx = ctx;
        this.out = out;
        this.holds = ctx.rewriting();
        this.compressedToo = compressedToo;
    }

    /** {@code out}, wrapped in a reader of base64 values unless {@code ctx}'s limits read no nested document. */
    public static ValueSink around(ParserContext ctx, ValueSink out) {
        return ctx.limits().maxNestedDocuments() < 1 ? out : new Base64Values(ctx, out, false);
    }

    /** As {@link #around}, for byte strings: a value may also be a gzip member or a zlib stream of text. */
    public static ValueSink aroundBytes(ParserContext ctx, ValueSink out) {
        return ctx.limits().maxNestedDocuments() < 1 ? out : new Base64Values(ctx, out, true);
    }

    /**
     * Whether a value whose bytes as sent are all of {@code buf[off, off + len)} may be base64 of
     * text: long enough, and not an id or hash whose first characters decode to binary. A
     * parser that has its values whole sends only these through this sink.
     */
    public boolean mayHold(byte[] buf, int off, int len) {
        return len >= Base64Text.MIN_CHARS && Base64Text.mayOpen(buf, off, sample);
    }

    @Override
    public void beginValue(FieldContext f) {
        out.beginValue(f);
        field = f;
        candidate = !f.isMemberName();
        compressed = false;
        length = 0;
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        out.verbatim(buf, off, len, wireOffset);
        if (candidate) {
            keep(buf, off, len, wireOffset, wireOffset + len);
        }
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long ws, long we) {
        out.escaped(buf, off, len, ws, we);
        if (candidate) {
            keep(buf, off, len, ws, we);
        }
    }

    @Override
    public void endValue() {
        out.endValue();
        if (candidate && compressed) {
            CompressedBytes.read(ctx, field, chars, 0, length, wireStart, wireEnd);
        } else if (candidate && length >= Base64Text.MIN_CHARS) {
            readDecoded();
        }
        stop();
        field = null;
    }

    /** The value is no base64 text (any more): its bytes need not be held for it. */
    private void stop() {
        if (holds && candidate && length > 0) {
            ctx.holdFrom(Long.MAX_VALUE);
        }
        candidate = false;
    }

    @Override
    public void context(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        out.context(buf, off, len, wireStart, wireEnd);
    }

    @Override
    public boolean skipsNumber(FieldContext f, int length) {
        return out.skipsNumber(f, length);
    }

    /**
     * Copies the value's bytes while they can still be one base64 text, or a data URL's header
     * and base64, or (a byte string's) a compressed stream.
     */
    private void keep(byte[] buf, int off, int len, long ws, long we) {
        if (compressedToo && (compressed || length < COMPRESSED_HEADER)) {
            keepAsSent(buf, off, len, ws, we);
        } else {
            keepBase64(buf, off, len, ws, we);
        }
    }

    /**
     * Copies a byte string's bytes as they come while its first bytes are not yet known or open
     * a compressed stream; once they are known not to, what was copied is judged again as base64.
     */
    private void keepAsSent(byte[] buf, int off, int len, long ws, long we) {
        int n = length;
        if (!room(n + len)) {
            return;
        }
        System.arraycopy(buf, off, chars, n, len);
        kept(n, len, ws, we);
        if (compressed || length < COMPRESSED_HEADER) {
            return;
        }
        compressed = Base64Text.compressed(chars, 0, length);
        if (!compressed) {
            int kept = length;
            length = 0;
            keepBase64(chars, 0, kept, wireStart, we);
            if (!candidate && holds) {
                ctx.holdFrom(Long.MAX_VALUE); // held above, and no base64 either
            }
        }
    }

    /** Makes room for {@code n} bytes; false (and the value stopped) past the bound. */
    private boolean room(int n) {
        if (n > chars.length) {
            if (n > Base64Text.MAX_CHARS) {
                stop();
                return false;
            }
            chars = Arrays.copyOf(chars, Math.min(Base64Text.MAX_CHARS, Math.max(n, chars.length * 2)));
        }
        return true;
    }

    private void keepBase64(byte[] buf, int off, int len, long ws, long we) {
        int n = length;
        if (n == 0 && len >= Base64Text.FIRST_SAMPLE_CHARS && !Base64Text.mayOpen(buf, off, sample)) {
            stop(); // most ids and hashes of the alphabet stop here, before a copy or a decode
            return;
        }
        if (!room(n + len)) {
            return;
        }
        // Checked and copied in one pass: most values are a few bytes, for which a separate copy
        // costs more than the bytes.
        byte[] into = chars;
        for (int i = 0; i < len; i++) {
            byte b = buf[off + i];
            if (!Base64Text.symbol(b) && !Base64Text.inDataUrlHeader(into, n + i, b)) {
                stop();
                return;
            }
            into[n + i] = b;
        }
        if (n > 0 && n < Base64Text.FIRST_SAMPLE_CHARS && n + len >= Base64Text.FIRST_SAMPLE_CHARS
                && !Base64Text.mayOpen(into, 0, sample)) {
            stop(); // the same, for a value that came in pieces
            return;
        }
        kept(n, len, ws, we);
    }

    /** {@code len} bytes at wire {@code [ws, we)} were copied after {@code n}: a first copy holds the value from its start. */
    private void kept(int n, int len, long ws, long we) {
        if (n == 0) {
            wireStart = ws;
            if (holds) {
                ctx.holdFrom(ws);
            }
        }
        length = n + len;
        wireEnd = we;
    }

    private void readDecoded() {
        int from = Base64Text.payloadStart(chars, 0, length);
        if (length - from < Base64Text.MIN_CHARS) {
            return;
        }
        DecodedString doc = decoder.text(chars, from, length, wireStart, wireEnd, true);
        if (doc != null) {
            DecodedContent.readValue(ctx, doc, field);
        }
    }
}
