package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;

/**
 * The part every decoding stage shares: the stage's life cycle, the decompression limits and the
 * mapping of decoder failures to outcomes. A subclass only turns compressed bytes into decoded
 * bytes, hands every bounded output step to {@link #emit} and says at {@link #end} whether the
 * compressed stream was complete.
 *
 * <p>Limits, all checked in {@link #emit} before a step is delivered downstream, so the bytes a
 * stage ever delivers are at most {@code maxDecompressedBytes}:
 * <table>
 *   <caption>Limits of every decoding stage</caption>
 *   <tr><th>limit</th><th>default</th><th>outcome</th></tr>
 *   <tr><td>{@link InspectionLimits#maxDecompressedBytes()}: decoded bytes of this stage</td>
 *       <td>64 MiB</td><td>{@link Outcome#DECOMPRESSED_SIZE_LIMIT}; bytes up to the limit are
 *       delivered, the rest is not decoded</td></tr>
 *   <tr><td>{@link InspectionLimits#maxDecompressionRatio()}: decoded bytes / compressed bytes
 *       consumed, checked once {@value #RATIO_CHECK_FLOOR} bytes have been decoded, because small
 *       bodies (a JSON reply of repeated keys) legitimately compress far better than any
 *       reasonable ratio</td><td>200</td><td>{@link Outcome#DECOMPRESSION_RATIO_LIMIT}; the step
 *       that crossed the ratio is not delivered</td></tr>
 *   <tr><td>the decoder's window (brotli, zstd: native memory the decoded bytes fill, up to the
 *       coding's largest window), charged to the process's {@link HeldMemory} as it fills</td>
 *       <td>a quarter of the heap, for all holders together</td><td>{@link Outcome#DECOMPRESSED_SIZE_LIMIT};
 *       the step that found no room is not delivered</td></tr>
 *   <tr><td>output step: the most a decoder produces between two limit checks</td>
 *       <td>{@value #OUTPUT_STEP} bytes</td><td>fixed; one reused buffer per stage</td></tr>
 * </table>
 *
 * <p>States: {@code OPEN} (decoding), {@code STOPPED} (a terminal outcome was recorded, or the
 * next decoding stage stopped: later writes are dropped without work) and {@code ENDED}. Native
 * decoder state is released on the way out of {@code OPEN}, so a stopped stage holds no native
 * memory while the rest of the body streams past it. {@code downstream.end()} is called exactly
 * once, from the first {@link #end}.
 *
 * <p>Buffers: {@link #write} borrows its argument for the duration of the call; stages copy what
 * they must keep (at most one step of input) into buffers they own. Output steps handed to the
 * downstream sink are borrowed the same way and reused for the next step.
 */
abstract class DecodingSink implements ByteSink {
    /** Bytes produced between two limit checks; small enough that overshooting costs nothing. */
    static final int OUTPUT_STEP = 32 * 1024;
    /**
     * Compressed bytes a stage built with {@code alignedInput} gets per {@link #decode} call (brotli,
     * zstd), cut at fixed offsets of the compressed stream rather than where the body's chunks
     * end; the last, shorter piece comes at {@link #end}. Those decoders lose what they decoded in
     * a call that then fails, so a corrupt stream would otherwise give findings that depend on the
     * chunking. Small, because decoded bytes lag the compressed ones by up to one step.
     */
    static final int ALIGNED_STEP = 4 * 1024;
    /** Decoded bytes before the ratio is checked at all. */
    static final long RATIO_CHECK_FLOOR = 1L << 20;

    private enum State { OPEN, STOPPED, ENDED }

    private final String coding;
    private final ByteSink downstream;
    /** The downstream sink when it is a decoding stage too: its stop ends our work as well. */
    private final DecodingSink nextStage;
    private final OutcomeRecorder outcomes;
    private final long maxDecoded;
    private final long maxRatio;
    /** What the decoder's window charges as it fills (null for the small fixed windows of gzip and deflate). */
    private final HeldMemory.Account window;
    private final long windowMax;

    /** An aligned stage's piece of stream being gathered ({@code held} bytes so far); else null. */
    private final byte[] step;
    private int held;
    private State state = State.OPEN;
    private long received;
    private long consumed;
    private long decoded;
    /** True while the downstream sink runs, so its exceptions (bugs) are not taken for ours. */
    private boolean inDownstream;
    /** True while {@link #decode} runs: release waits until the decoder is off the stack. */
    private boolean decoding;
    private boolean released;

    DecodingSink(String coding, ByteSink downstream, InspectionLimits limits, OutcomeRecorder outcomes) {
        this(coding, downstream, limits, outcomes, false);
    }

    /** @param alignedInput whether {@link #decode} gets {@value #ALIGNED_STEP}-byte pieces of the stream */
    DecodingSink(String coding, ByteSink downstream, InspectionLimits limits, OutcomeRecorder outcomes,
                 boolean alignedInput) {
        this(coding, downstream, limits, outcomes, alignedInput, null, 0);
    }

    /**
     * @param memory    what the decoder's window is charged to as decoded bytes fill it
     * @param windowMax the largest window the coding allows: the decoder's memory stops growing there
     */
    DecodingSink(String coding, ByteSink downstream, InspectionLimits limits, OutcomeRecorder outcomes,
                 boolean alignedInput, HeldMemory memory, long windowMax) {
        this.step = alignedInput ? new byte[ALIGNED_STEP] : null;
        this.coding = coding;
        this.downstream = downstream;
        this.nextStage = downstream instanceof DecodingSink d ? d : null;
        this.outcomes = outcomes;
        this.maxDecoded = limits.maxDecompressedBytes();
        this.maxRatio = limits.maxDecompressionRatio();
        this.window = memory == null ? null : memory.account(this);
        this.windowMax = windowMax;
    }

    /**
     * Decodes {@code len > 0} borrowed bytes, calling {@link #emit} for every output step and
     * {@link #consumed} as compressed bytes are used up. Returns early once {@code emit} says
     * stop. Library exceptions may escape; the caller maps them to {@link Outcome#DECODING_ERROR}.
     */
    abstract void decode(byte[] buf, int off, int len) throws Exception;

    /** True when the compressed stream ended at a boundary (member, frame, final block). */
    abstract boolean atStreamBoundary();

    /**
     * Releases decoder state (native memory). Called once, when the stage leaves {@code OPEN}, and
     * never while {@link #decode} is on the stack, so a decode loop may touch its decoder until it
     * returns.
     */
    abstract void release();

    @Override
    public final void write(byte[] buf, int off, int len) {
        if (state != State.OPEN || len <= 0) {
            return;
        }
        received += len;
        if (step == null) {
            run(buf, off, len);
            return;
        }
        while (len > 0 && state == State.OPEN) {
            int n = Math.min(len, step.length - held);
            System.arraycopy(buf, off, step, held, n);
            held += n;
            off += n;
            len -= n;
            if (held == step.length) {
                held = 0;
                run(step, 0, step.length);
            }
        }
    }

    /** Runs {@link #decode} on {@code len > 0} bytes and maps what it throws to an outcome. */
    private void run(byte[] buf, int off, int len) {
        if (nextStopped()) {
            stop();
            return;
        }
        decoding = true;
        try {
            decode(buf, off, len);
        } catch (RuntimeException e) {
            if (inDownstream) {
                // A later stage broke its own never-throw contract: a bug, not the input's doing.
                inDownstream = false;
                decoding = false;
                stop();
                throw e;
            }
            fail(Outcome.DECODING_ERROR, libraryProblem(e));
        } catch (Exception e) {
            fail(Outcome.DECODING_ERROR, libraryProblem(e));
        } finally {
            decoding = false;
        }
        if (state == State.OPEN && nextStopped()) {
            stop();
        }
        if (state != State.OPEN) {
            releaseOnce();
        }
    }

    @Override
    public final void end() {
        if (state == State.ENDED) {
            return;
        }
        if (state == State.OPEN && held > 0) {
            int last = held;
            held = 0;
            run(step, 0, last);
        }
        if (state == State.OPEN) {
            // An empty body (a 204, a HEAD reply) carries no stream at all; that is not a truncation.
            if (received > 0 && !atStreamBoundary()) {
                outcomes.record(Outcome.TRUNCATED, coding + ": body ended inside the compressed stream");
            }
            stop();
        }
        state = State.ENDED;
        downstream.end();
    }

    /**
     * Gives the stage up before any byte reached it, when the pipeline it belongs to is rebuilt:
     * releases its decoder without an outcome and without ending the downstream sink, which the
     * rebuilt pipeline will end.
     */
    final void abandon() {
        stop();
        state = State.ENDED;
    }

    /**
     * Delivers {@code len} decoded bytes of {@code buf} (borrowed) downstream if the limits allow;
     * returns whether the caller should keep decoding.
     */
    final boolean emit(byte[] buf, int off, int len) {
        if (state != State.OPEN) {
            return false;
        }
        if (len <= 0) {
            return !nextStopped();
        }
        long room = maxDecoded - decoded;
        if (len > room) {
            // Deliver up to the limit: the first maxDecompressedBytes are still worth inspecting.
            deliver(buf, off, (int) room);
            fail(Outcome.DECOMPRESSED_SIZE_LIMIT, coding + ": decoded more than " + maxDecoded + " bytes");
            return false;
        }
        long after = decoded + len;
        if (after >= RATIO_CHECK_FLOOR && after > maxRatio * Math.max(consumed, 1)) {
            fail(Outcome.DECOMPRESSION_RATIO_LIMIT,
                    coding + ": decoded/compressed ratio above " + maxRatio + " after " + consumed + " bytes");
            return false;
        }
        if (window != null && decoded < windowMax && !window.holds(Math.min(after, windowMax))) {
            // The decoder's window fills with what it decodes; a stalled sender would keep it.
            fail(Outcome.DECOMPRESSED_SIZE_LIMIT, coding + ": the process's held memory has no room for the"
                    + " decoder's window after " + decoded + " bytes");
            return false;
        }
        deliver(buf, off, len);
        return state == State.OPEN && !nextStopped();
    }

    /** Counts {@code n} compressed bytes the decoder has used up, for the ratio limit. */
    final void consumed(long n) {
        consumed += n;
    }

    /** Records a terminal outcome for input the decoder rejects on its own terms (bad header, CRC). */
    final void corrupt(String why) {
        fail(Outcome.DECODING_ERROR, coding + ": " + why);
    }

    /**
     * True while decoding is still worth doing: this stage is open and so is the next decoding
     * stage. Decode loops check it after every call that may have stopped the stage.
     */
    final boolean running() {
        return state == State.OPEN && !nextStopped();
    }

    private void deliver(byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        decoded += len;
        inDownstream = true;
        downstream.write(buf, off, len);
        inDownstream = false;
    }

    private void fail(Outcome outcome, String detail) {
        if (state != State.OPEN) {
            return;
        }
        outcomes.record(outcome, detail);
        stop();
    }

    private void stop() {
        if (state != State.OPEN) {
            return;
        }
        state = State.STOPPED;
        releaseOnce();
    }

    private void releaseOnce() {
        if (released || decoding) {
            return; // write() releases once decode() has returned
        }
        released = true;
        if (window != null) {
            window.release();
        }
        try {
            release();
        } catch (RuntimeException e) {
            // Releasing twice or after a native failure must not turn into an exception for the caller.
        }
    }

    private boolean nextStopped() {
        return nextStage != null && nextStage.state != State.OPEN;
    }

    /** The library's failure, named by type only: library messages may quote input bytes. */
    private String libraryProblem(Exception e) {
        return coding + ": corrupt stream (" + e.getClass().getSimpleName() + ")";
    }
}
