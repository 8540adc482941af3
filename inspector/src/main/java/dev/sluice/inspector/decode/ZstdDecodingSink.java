package dev.sluice.inspector.decode;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.OutcomeRecorder;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

/**
 * Decodes the {@code zstd} content coding (RFC 8878 §3, with the HTTP window limit of RFC 9659):
 * one or more Zstandard frames, skippable frames included (RFC 8878 §3.1.2), back to back.
 *
 * <p>API choice: {@link ZstdDecompressCtx#decompressByteBufferStream} is zstd-jni's binding of
 * {@code ZSTD_decompressStream}, which is push-based by nature: it takes whatever input is
 * available, fills at most the output space it is given and keeps partial frames in the context.
 * That is exactly one bounded output step per call. The alternatives are pull-based:
 * {@code ZstdInputStream} blocks on an {@code InputStream}, and
 * {@code ZstdDirectBufferDecompressingStreamNoFinalizer} asks for input through a {@code refill}
 * callback, so feeding it pushed chunks means an adapter that must guess whether an empty refill
 * is "wait for more" or "end of input". With the context we keep that decision here, at
 * {@link #end}. Both buffers are heap {@link ByteBuffer}s over arrays this stage owns, wrapped once,
 * so our side allocates nothing per chunk. (zstd-jni's own JDK 22+ code path wraps the arrays in
 * a {@code MemorySegment} per call, about 144 bytes that C2 often removes; with direct buffers it
 * allocates more, measured at about 270 bytes per call, so heap buffers are the better choice.)
 *
 * <p>A frame is complete when a call returns {@code true} (the native call returned 0: frame
 * decoded and flushed). The body may end only there; anywhere else is {@code TRUNCATED}. A call
 * made after a frame ended but before the next one's bytes arrive returns {@code false} without
 * progress; that does not reopen the frame.
 *
 * <p>Limits (see {@link DecodingSink}): decoded bytes ≤ {@code maxDecompressedBytes} (64 MiB),
 * decoded/compressed ratio ≤ {@code maxDecompressionRatio} (200) once 1 MiB is decoded (compressed
 * bytes counted exactly as the decoder consumes them), output in steps of
 * {@value DecodingSink#OUTPUT_STEP} bytes, input in the aligned steps of
 * {@value DecodingSink#ALIGNED_STEP} bytes the base class hands over (see there why). Window size
 * ≤ 8 MiB ({@value #WINDOW_LOG_MAX} as a log): RFC 9659 caps the window of the zstd content coding
 * at 8 MiB so a frame cannot make the decoder allocate the library default of 128 MiB; a frame
 * asking for more is a {@code DECODING_ERROR}.
 *
 * <p>The native context is closed when the stage stops or ends, and by {@link NativeCleanup} if the
 * stage is dropped without either (zstd-jni's context has no finalizer of its own).
 */
final class ZstdDecodingSink extends DecodingSink {
    /** log2 of 8 MiB, the window RFC 9659 allows the zstd content coding. */
    static final int WINDOW_LOG_MAX = 23;

    private final ZstdDecompressCtx context;
    private final Cleaner.Cleanable cleanup;
    private final byte[] inArray = new byte[ALIGNED_STEP];
    private final byte[] outArray = new byte[OUTPUT_STEP];
    private final ByteBuffer in = ByteBuffer.wrap(inArray);
    private final ByteBuffer out = ByteBuffer.wrap(outArray);
    private boolean frameComplete = true;

    /** @throws LinkageError if zstd-jni's native library cannot be loaded on this platform */
    ZstdDecodingSink(ByteSink downstream, InspectionLimits limits, HeldMemory memory, OutcomeRecorder outcomes) {
        super("zstd", downstream, limits, outcomes, true, memory, 1L << WINDOW_LOG_MAX);
        ZstdDecompressCtx created = new ZstdDecompressCtx();
        this.context = created;
        // The action captures the context only, never this stage (see NativeCleanup).
        this.cleanup = NativeCleanup.register(this, created::close);
        created.setLongMax(WINDOW_LOG_MAX);
    }

    @Override
    void decode(byte[] buf, int off, int len) {
        int pos = off;
        int end = off + len;
        while (pos < end && running()) {
            int n = Math.min(end - pos, inArray.length);
            System.arraycopy(buf, pos, inArray, 0, n);
            in.clear().limit(n);
            pos += n;
            decodeStep();
        }
    }

    /** Decodes everything in {@code in}, one output step per native call. */
    private void decodeStep() {
        while (running()) {
            out.clear();
            int before = in.position();
            boolean flushed = context.decompressByteBufferStream(out, in);
            int used = in.position() - before;
            int produced = out.position();
            consumed(used);
            if (flushed) {
                frameComplete = true;
            } else if (used > 0 || produced > 0) {
                frameComplete = false;
            }
            if (produced > 0 && !emit(outArray, 0, produced)) {
                return;
            }
            if (produced == outArray.length) {
                continue; // the context may hold more output for this input
            }
            if (!in.hasRemaining()) {
                return;
            }
            if (used == 0 && produced == 0) {
                // ZSTD_decompressStream always progresses with input and output space; never spin.
                corrupt("decoder made no progress");
                return;
            }
        }
    }

    @Override
    boolean atStreamBoundary() {
        return frameComplete;
    }

    @Override
    void release() {
        cleanup.clean();
    }
}
