package dev.sluice.inspector;

import java.util.function.Supplier;

/**
 * Reads an encoded body as it was sent once its coding turns out not to hold
 * ({@link Outcome#DECODING_ERROR}): a request labelled {@code Content-Encoding: br} whose bytes are
 * plain JSON. Most services never decode a request's Content-Encoding (Express without its
 * middleware, Go's net/http, Spring), so they read those bytes as sent, and an attack hidden behind
 * a coding the body does not have would reach them unseen. The wire bytes are kept, up to
 * {@code maxKeptBytes}, while the body decodes; at the error they are read again from the first
 * byte by a parser of the body's type, and every later byte goes to it as sent. A body longer than
 * the limit before its error is not read again (the decoding error stands alone, for the fail
 * rule), nor is one whose copy the process's {@link HeldMemory} refused. A body whose coding holds
 * costs the copy, nothing more. Not thread-safe.
 */
final class UndecodableBodyFallback {
    private final Supplier<ByteSink> asSent;
    /** The wire bytes so far; null once not needed (read again, overflowed, or the body ended). */
    private KeptBytes kept;
    private ByteSink parser;

    UndecodableBodyFallback(long maxKeptBytes, HeldMemory memory, Supplier<ByteSink> asSent) {
        this.asSent = asSent;
        this.kept = new KeptBytes(maxKeptBytes, 256, memory);
    }

    /** Whether the body is now read as sent: every later byte goes to {@link #write}. */
    boolean active() {
        return parser != null;
    }

    /** Keeps a copy of wire bytes about to be decoded. */
    void keep(byte[] buf, int off, int len) {
        if (kept != null && !kept.add(buf, off, len)) {
            release();
        }
    }

    /** The coding failed: reads the body again from its first byte, as sent, if all of it was kept. */
    void start() {
        if (parser != null || kept == null) {
            return;
        }
        parser = asSent.get();
        parser.write(kept.array(), 0, kept.size());
        release();
    }

    /** Forgets the copy (the body ended, or no longer needs it) and gives its memory back. */
    void release() {
        if (kept != null) {
            kept.discard();
            kept = null;
        }
    }

    void write(byte[] buf, int off, int len) {
        parser.write(buf, off, len);
    }

    void end() {
        if (parser != null) {
            parser.end();
        }
    }
}
