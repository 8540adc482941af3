package dev.sluice.inspector.binary;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.json.Base64Values;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;

/**
 * Streams a CBOR or MessagePack body (or a sequence of them) into values, as the JSON parser
 * streams JSON: each text string, byte string and integer is a value under the map key it is
 * stored with ({@code $.user.card}, key {@code card}, parent key {@code user}); map keys, nulls,
 * booleans, floats and tags are read, not reported. Read as raw bytes, such a body hid what it
 * carried: CBOR writes a short string's length as the letter before it ({@code p4111…} for 16
 * bytes), which joins the value to a word, and keys gave no context.
 *
 * <p>Strings stream: their bytes go to the sink as they come, at their wire offsets, never
 * held, so a redaction of the same length leaves the document valid (values are
 * {@code BINARY} in a rewriting session). A string of base64 of text (a token's claims, a
 * session's JSON) is read as what it holds too ({@link Base64Values}), and so is a byte string
 * that is a gzip member or a zlib stream of text (a cached payload); a finding there replaces
 * the string whole, at its length. An integer is a value only where nothing is
 * rewritten, written as its decimal digits over its header's wire bytes (a card number stored
 * as an integer), and only when the sink could find anything in that many digits.
 *
 * <p>Limits: containers nest at most {@code maxDepth} deep (then DEPTH_LIMIT); a key keeps its
 * first {@value #MAX_KEY_BYTES} bytes. A header that no item opens with, a break that closes
 * nothing, or anything but definite chunks inside a chunked string is PARSE_ERROR: the rest of
 * the body is read as text. A body that ends inside an item is TRUNCATED.
 */
public final class BinaryDocumentParser implements ByteSink {
    /** Bound on a stored map key. */
    static final int MAX_KEY_BYTES = 1024;

    private enum State {
        /** Reading an item header. */
        HEADER,
        /** Reading a string's bytes (a value's or a key's) or skipping an opaque payload. */
        PAYLOAD,
        /** The rest is text (a parse problem). */
        TEXT
    }

    /** What the payload being read is. */
    private enum Payload { VALUE, KEY, SKIP }

    private final ParserContext ctx;
    private final ItemFormat format;
    /** Where integers and short strings go: the matcher's sink. */
    private final ValueSink plain;
    /** Where a string long enough to be base64 of text goes: the same, through a reader of base64. */
    private final ValueSink base64;
    /** Where a byte string that long goes: through a reader of base64 and of gzip or zlib streams. */
    private final ValueSink bytes;
    /** The sink of the value being read. */
    private ValueSink sink;
    private final String name;
    private final boolean integers;
    private final int maxDepth;
    private final ItemFrames frames = new ItemFrames();
    private final ItemHeader item = new ItemHeader();
    private final FieldContext field = new FieldContext();
    private final byte[] header = new byte[9];
    private final byte[] keyBuf = new byte[MAX_KEY_BYTES];

    private State state = State.HEADER;
    private int headerLength;
    private int headerNeeded;
    private long headerStart;
    private Payload payload;
    private long payloadLeft;
    /** A chunked string is open: its chunks are a value's ({@link Payload#VALUE}) or a key's. */
    private Payload chunked;
    private int keyLength;
    private boolean valueOpen;
    private ByteSink text;
    /** Why {@link #onHeader} refused a header. */
    private Outcome problem;
    private String problemDetail;

    /** Wire offset of the next chunk's first byte. */
    private long pos;

    private BinaryDocumentParser(ParserContext ctx, ItemFormat format, long baseOffset, String name) {
        this.ctx = ctx;
        this.format = format;
        this.plain = ctx.sink();
        this.base64 = Base64Values.around(ctx, plain);
        this.bytes = Base64Values.aroundBytes(ctx, plain);
        this.sink = plain;
        this.name = name;
        this.integers = !ctx.rewriting();
        this.maxDepth = ctx.limits().maxDepth();
        this.pos = baseOffset;
    }

    /** A CBOR body ({@code application/cbor}, {@code +cbor}, {@code application/cbor-seq}). */
    public static BinaryDocumentParser cbor(ParserContext ctx, long baseOffset, String name) {
        return new BinaryDocumentParser(ctx, CborFormat.INSTANCE, baseOffset, name);
    }

    /** A MessagePack body ({@code application/msgpack}, {@code application/x-msgpack}, {@code application/vnd.msgpack}). */
    public static BinaryDocumentParser messagePack(ParserContext ctx, long baseOffset, String name) {
        return new BinaryDocumentParser(ctx, MessagePackFormat.INSTANCE, baseOffset, name);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        long chunkPos = pos;
        int end = off + len;
        int i = off;
        while (i < end) {
            if (state == State.TEXT) {
                text.write(buf, i, end - i);
                break;
            }
            if (state == State.PAYLOAD) {
                int n = (int) Math.min(payloadLeft, end - i);
                take(buf, i, n, chunkPos + (i - off));
                i += n;
                payloadLeft -= n;
                if (payloadLeft == 0) {
                    payloadEnded();
                }
                continue;
            }
            if (headerLength == 0) {
                headerStart = chunkPos + (i - off);
                headerNeeded = format.headerLength(buf[i] & 0xff);
                if (headerNeeded < 0) {
                    fail(Outcome.PARSE_ERROR, String.format("%s: no item opens with byte 0x%02x", format.name(), buf[i] & 0xff),
                            buf, i, end, headerStart);
                    break;
                }
            }
            header[headerLength++] = buf[i++];
            if (headerLength == headerNeeded) {
                headerLength = 0;
                format.decode(header, item);
                if (!onHeader(chunkPos + (i - off))) {
                    fail(problem, problemDetail, buf, i, end, chunkPos + (i - off));
                    break;
                }
            }
        }
        pos += len;
        if (state == State.HEADER && headerLength == 0 && !valueOpen) {
            ctx.consumedTo(pos); // no value begins before the next header
        }
    }

    /** Acts on a whole header that ended before wire offset {@code at}; false on a problem ({@link #problem}). */
    private boolean onHeader(long at) {
        if (chunked != null && item.kind != ItemHeader.Kind.BREAK && item.kind != ItemHeader.Kind.TEXT
                && item.kind != ItemHeader.Kind.BYTES) {
            return problem(Outcome.PARSE_ERROR, "a chunked string holds an item that is no definite chunk");
        }
        switch (item.kind) {
            case TAG -> {
            }
            case BREAK -> {
                if (chunked != null) {
                    endChunked();
                } else if (frames.breakContainer()) {
                    itemEnded();
                } else {
                    return problem(Outcome.PARSE_ERROR, "a break closes nothing");
                }
            }
            case TEXT, BYTES -> beginString(at);
            case CHUNKED_STRING -> {
                if (frames.atKey()) {
                    chunked = Payload.KEY;
                    keyLength = 0;
                } else {
                    chunked = Payload.VALUE;
                    beginValue(-1);
                }
            }
            case MAP, ARRAY -> {
                if (item.argument == 0) {
                    itemEnded();
                } else if (frames.depth() >= maxDepth) {
                    return problem(Outcome.DEPTH_LIMIT, "nesting deeper than maxDepth=" + maxDepth);
                } else {
                    frames.open(item.kind == ItemHeader.Kind.MAP, item.argument);
                }
            }
            case INTEGER -> integer(at);
            case OPAQUE -> {
                if (item.argument > 0) {
                    payload = Payload.SKIP;
                    payloadLeft = item.argument;
                    state = State.PAYLOAD;
                } else {
                    itemEnded();
                }
            }
        }
        return true;
    }

    private boolean problem(Outcome outcome, String detail) {
        problem = outcome;
        problemDetail = format.name() + ": " + detail;
        return false;
    }

    private void beginString(long at) {
        Payload target = chunked != null ? chunked : frames.atKey() ? Payload.KEY : Payload.VALUE;
        if (chunked == null) {
            if (target == Payload.KEY) {
                keyLength = 0;
            } else {
                beginValue(item.argument);
            }
        }
        payload = target;
        payloadLeft = item.argument;
        if (payloadLeft == 0) {
            payloadEnded();
        } else {
            state = State.PAYLOAD;
        }
    }

    private void take(byte[] buf, int from, int n, long wireOffset) {
        switch (payload) {
            case VALUE -> sink.verbatim(buf, from, n, wireOffset);
            case KEY -> {
                int room = Math.min(n, MAX_KEY_BYTES - keyLength);
                if (room > 0) {
                    System.arraycopy(buf, from, keyBuf, keyLength, room);
                    keyLength += room;
                }
            }
            case SKIP -> {
            }
        }
    }

    private void payloadEnded() {
        state = State.HEADER;
        if (chunked != null) {
            return; // a chunk: the string goes on until its break
        }
        switch (payload) {
            case VALUE -> endValue();
            case KEY -> frames.key(new String(keyBuf, 0, keyLength, StandardCharsets.UTF_8));
            case SKIP -> itemEnded();
        }
    }

    private void endChunked() {
        Payload was = chunked;
        chunked = null;
        if (was == Payload.KEY) {
            frames.key(new String(keyBuf, 0, keyLength, StandardCharsets.UTF_8));
        } else {
            endValue();
        }
    }

    /** An integer: a map key, or a value where nothing is rewritten and its digits could hold a finding. */
    private void integer(long at) {
        if (frames.atKey()) {
            frames.key(item.decimal());
            return;
        }
        if (integers) {
            String digits = item.decimal();
            if (!plain.skipsNumber(frames.describe(field, name), digits.length())) {
                byte[] b = digits.getBytes(StandardCharsets.US_ASCII);
                plain.beginValue(frames.pathOf(field));
                plain.escaped(b, 0, b.length, headerStart, at);
                plain.endValue();
            }
        }
        itemEnded();
    }

    /** Begins a string value of {@code length} bytes, -1 when its chunks do not say. */
    private void beginValue(long length) {
        sink = length >= 0 && length < Base64Values.MIN_CHARS ? plain
                : item.kind == ItemHeader.Kind.BYTES ? bytes : base64;
        sink.beginValue(frames.pathOf(frames.describe(field, name)));
        valueOpen = true;
    }

    private void endValue() {
        sink.endValue();
        valueOpen = false;
        itemEnded();
    }

    private void itemEnded() {
        frames.itemEnded();
    }

    /** Reads the rest of the body as text from {@code buf[i]}, at wire offset {@code at}. */
    private void fail(Outcome outcome, String detail, byte[] buf, int i, int end, long at) {
        ctx.outcomes().record(outcome, detail);
        closeValue();
        state = State.TEXT;
        text = ctx.open("text/plain", at, name, 1);
        if (i < end) {
            text.write(buf, i, end - i);
        }
    }

    private void closeValue() {
        if (valueOpen) {
            sink.endValue();
            valueOpen = false;
        }
    }

    @Override
    public void end() {
        if (state == State.TEXT) {
            text.end();
            return;
        }
        if (state == State.PAYLOAD || headerLength > 0 || chunked != null || frames.depth() > 0) {
            ctx.outcomes().record(Outcome.TRUNCATED, format.name() + ": the body ended inside an item");
        }
        closeValue();
    }
}
