package dev.sluice.inspector.decode;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.OutcomeRecorder;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

/**
 * Decodes the {@code br} content coding (RFC 7932, registered for HTTP by RFC 7932 §11).
 *
 * <p>API choice: brotli4j's {@link DecoderJNI.Wrapper} is the push-based interface under its
 * {@code BrotliInputStream}: compressed bytes are copied into the decoder's own direct input
 * buffer and {@code push}ed; the native decoder then runs with no output space, so it stops as
 * soon as its ring buffer (at most the stream's window, RFC 7932 §9.1: 16 MiB) is full;
 * {@code pull(max)} hands out at most one output step of that buffer. That gives bounded work per
 * limit check without a blocking {@code InputStream} in between. The decoder's states map to ours
 * as: {@code NEEDS_MORE_INPUT} copy and push the next input step; {@code OK} push(0) to go on
 * with input already pushed; {@code NEEDS_MORE_OUTPUT} or pending output: pull a step;
 * {@code DONE} the stream's last meta-block (ISLAST, RFC 7932 §9.2) was decoded; {@code ERROR}
 * corrupt data, including bytes after the end of the stream, which the JNI layer rejects.
 *
 * <p>Limits (see {@link DecodingSink}): decoded bytes ≤ {@code maxDecompressedBytes} (64 MiB),
 * decoded/compressed ratio ≤ {@code maxDecompressionRatio} (200) once 1 MiB is decoded, output
 * pulled in steps of {@value DecodingSink#OUTPUT_STEP} bytes. Compressed bytes are counted when
 * pushed, in the aligned steps of {@value DecodingSink#ALIGNED_STEP} bytes the base class hands
 * over (see there why), so the ratio is judged to within one step. Native memory: the decoder
 * state, the input step and the ring buffer the stream's window asks for.
 *
 * <p>Each {@code pull} returns a fresh direct {@link ByteBuffer} view of native memory (the JNI
 * layer allocates one small object per pull); its bytes are copied at once into the stage's
 * reused output buffer. The native decoder is destroyed when the stage stops or ends, and by
 * {@link NativeCleanup} if the stage is dropped without either.
 */
final class BrotliDecodingSink extends DecodingSink {
    private final DecoderJNI.Wrapper decoder;
    private final ByteBuffer input;
    private final Cleaner.Cleanable cleanup;
    private final byte[] out = new byte[OUTPUT_STEP];
    /** Whether output was pulled since the decoder last ran; see the NEEDS_MORE_INPUT case. */
    private boolean pulledSincePush;

    /** The largest window a brotli stream may ask for (RFC 7932 §9.1: WBITS 24). */
    static final long WINDOW_MAX = 16L << 20;

    /**
     * @throws IOException if the native decoder cannot be created
     * @throws LinkageError if brotli4j's native library cannot be loaded on this platform
     */
    BrotliDecodingSink(ByteSink downstream, InspectionLimits limits, HeldMemory memory, OutcomeRecorder outcomes)
            throws IOException {
        super("br", downstream, limits, outcomes, true, memory, WINDOW_MAX);
        Brotli4jLoader.ensureAvailability();
        DecoderJNI.Wrapper created = new DecoderJNI.Wrapper(ALIGNED_STEP, OUTPUT_STEP);
        this.decoder = created;
        this.input = created.getInputBuffer();
        // The action captures the wrapper only, never this stage (see NativeCleanup).
        this.cleanup = NativeCleanup.register(this, created::destroy);
    }

    @Override
    void decode(byte[] buf, int off, int len) {
        int pos = off;
        int end = off + len;
        while (running()) {
            DecoderJNI.Status status = decoder.getStatus();
            if (status != DecoderJNI.Status.ERROR && decoder.hasOutput()) {
                // Drain before pushing more: the decoder holds at most one ring buffer of output.
                pullStep();
                continue;
            }
            switch (status) {
                case NEEDS_MORE_INPUT -> {
                    if (pulledSincePush) {
                        // The JNI layer reports NEEDS_MORE_INPUT after a pull whenever its input
                        // buffer is used up, even if the decoder is mid-way through output it can
                        // produce without input (a ring buffer's worth of a long copy). Give it
                        // one empty push to find out; without it the tail of a body longer than
                        // the window would be lost and the stream taken for truncated.
                        pulledSincePush = false;
                        decoder.push(0);
                        continue;
                    }
                    if (pos == end) {
                        return;
                    }
                    int n = Math.min(end - pos, input.capacity());
                    input.clear();
                    input.put(buf, pos, n);
                    pos += n;
                    consumed(n);
                    pulledSincePush = false;
                    decoder.push(n);
                }
                case OK -> {
                    pulledSincePush = false;
                    decoder.push(0);
                }
                case NEEDS_MORE_OUTPUT -> pullStep();
                case DONE -> {
                    if (pos < end) {
                        corrupt("data after the end of the stream");
                    }
                    return;
                }
                case ERROR -> {
                    corrupt("invalid brotli stream");
                    return;
                }
                default -> throw new IllegalStateException(status.name());
            }
        }
    }

    @Override
    boolean atStreamBoundary() {
        return decoder.getStatus() == DecoderJNI.Status.DONE && !decoder.hasOutput();
    }

    @Override
    void release() {
        cleanup.clean();
    }

    private void pullStep() {
        ByteBuffer step = decoder.pull(OUTPUT_STEP);
        pulledSincePush = true;
        int n = step.remaining();
        step.get(out, 0, n);
        emit(out, 0, n);
    }
}
