package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;

/**
 * The output side of a decoder of a text form of bytes (base64, quoted-printable), not of a
 * compression (that is {@link DecodingSink}, with its limits): decoded bytes are gathered in a
 * fixed 3 KiB buffer and passed on when it fills and at the end of each write, so the next stage
 * sees a few large writes rather than one per byte. A subclass decodes in {@link #write} with {@link #emit} and
 * {@link #flush}, and writes out what it still holds in {@link #finish} when the input ends.
 */
public abstract class BufferedDecoder implements ByteSink {
    private static final int OUT = 3 * 1024;

    private final ByteSink next;
    private final byte[] out = new byte[OUT];
    private int size;
    private long emitted;

    protected BufferedDecoder(ByteSink next) {
        this.next = next;
    }

    /** Writes what the decoder still holds; called once, when the input ends. */
    protected abstract void finish();

    @Override
    public final void end() {
        finish();
        flush();
        next.end();
    }

    /** One decoded byte. */
    protected final void emit(int b) {
        emitted++;
        out[size++] = (byte) b;
        if (size == OUT) {
            flush();
        }
    }

    /** Passes the gathered bytes on. */
    protected final void flush() {
        if (size > 0) {
            next.write(out, 0, size);
            size = 0;
        }
    }

    /** How many bytes were decoded so far. */
    protected final long emitted() {
        return emitted;
    }
}
