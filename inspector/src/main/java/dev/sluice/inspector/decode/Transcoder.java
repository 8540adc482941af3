package dev.sluice.inspector.decode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Re-encodes a byte stream from one charset to another as it arrives, in bounded steps: a
 * character cut between two writes (a UTF-16 code unit, a surrogate pair, a UTF-8 sequence) is
 * carried to the next. Malformed input and characters the target cannot hold become the
 * charsets' replacements ({@code U+FFFD}, {@code ?}), never an exception. Memory is fixed:
 * about {@value #STEP} input bytes, as many chars, and the output bytes they make. Not
 * thread-safe.
 */
public final class Transcoder {
    /** Where the re-encoded bytes go; borrowed for the call only. */
    @FunctionalInterface
    public interface Output {
        void write(byte[] buf, int off, int len);
    }

    /** Input bytes decoded per step. */
    static final int STEP = 8 * 1024;
    /** The most bytes one character takes in any charset read here (UTF-32, GB18030). */
    private static final int MAX_CARRY = 8;

    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder;
    private final byte[] stage = new byte[STEP + MAX_CARRY];
    private int carried;
    private final CharBuffer chars = CharBuffer.allocate(STEP);
    private final ByteBuffer out;
    private final Output next;

    public Transcoder(Charset from, Charset to, Output next) {
        this.decoder = from.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.encoder = to.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.out = ByteBuffer.allocate((int) Math.ceil(STEP * (double) encoder.maxBytesPerChar()) + 16);
        this.next = next;
    }

    /** Re-encodes {@code len} bytes; a character they end inside of waits for the next write. */
    public void write(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, STEP);
            System.arraycopy(buf, off, stage, carried, n);
            ByteBuffer in = ByteBuffer.wrap(stage, 0, carried + n);
            decode(in, false);
            carried = Math.min(in.remaining(), MAX_CARRY);
            System.arraycopy(stage, in.position(), stage, 0, carried);
            off += n;
            len -= n;
        }
    }

    /** The input ended: what was carried is malformed and becomes a replacement. */
    public void end() {
        ByteBuffer in = ByteBuffer.wrap(stage, 0, carried);
        carried = 0;
        decode(in, true);
        decoder.flush(chars);
        encode(true);
        encoder.flush(out);
        emit();
    }

    private void decode(ByteBuffer in, boolean last) {
        while (true) {
            CoderResult r = decoder.decode(in, chars, last);
            encode(false);
            if (r.isUnderflow()) {
                return;
            }
        }
    }

    /** Encodes the chars decoded so far; a high surrogate without its pair waits unless {@code last}. */
    private void encode(boolean last) {
        chars.flip();
        while (true) {
            CoderResult r = encoder.encode(chars, out, last);
            emit();
            if (r.isUnderflow()) {
                break;
            }
        }
        chars.compact();
    }

    private void emit() {
        if (out.position() > 0) {
            next.write(out.array(), 0, out.position());
            out.clear();
        }
    }
}
