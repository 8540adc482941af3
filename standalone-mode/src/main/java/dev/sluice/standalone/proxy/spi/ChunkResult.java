package dev.sluice.standalone.proxy.spi;

import java.util.Objects;

/** What {@link MessageFilter#onChunk} did with a chunk. */
public final class ChunkResult {
    /** Forward what was written to the sink, then the original chunk (without copying it). */
    public static final ChunkResult FORWARD = new ChunkResult(null, null);
    /** Forward only what was written to the sink (possibly nothing: bytes are held back). */
    public static final ChunkResult CONSUMED = new ChunkResult(null, null);
    /**
     * Forward the chunk and the rest of the body as received, framing included, without calling
     * the filter again ({@link MessageFilter#onEnd} neither): the filter has seen enough (an upload
     * whose bytes are what its label says). Anything held is released first. Only when nothing let
     * through so far differs from the input (nothing written to the sink, no chunk consumed);
     * otherwise it is {@link #FORWARD}.
     */
    public static final ChunkResult PASS_REST = new ChunkResult(null, null);
    /**
     * {@link #FORWARD}, and a head held for a verdict ({@link HeadDecision#hold}) leaves now,
     * without a length, what was held after it: the filter no longer holds the body (it could not
     * keep it, and its route fails open), so the proxy need not either.
     */
    public static final ChunkResult FORWARD_UNHELD = new ChunkResult(null, FORWARD);
    /** {@link #CONSUMED}, and a held head leaves now, as with {@link #FORWARD_UNHELD}. */
    public static final ChunkResult CONSUMED_UNHELD = new ChunkResult(null, CONSUMED);

    private final Block block;
    /** For the variants that end a hold, the result they are otherwise; else this one. */
    private final ChunkResult base;

    private ChunkResult(Block block, ChunkResult base) {
        this.block = block;
        this.base = base == null ? this : base;
    }

    /** What is done with the chunk: {@link #FORWARD} for {@link #FORWARD_UNHELD}, and so on; else this. */
    public ChunkResult base() {
        return base;
    }

    /** Whether a head held for a verdict is to leave now ({@link #FORWARD_UNHELD}, {@link #CONSUMED_UNHELD}). */
    public boolean endsHold() {
        return base != this;
    }

    /** Block now, without waiting for the end of the body; nothing more of it is read or forwarded. */
    public static ChunkResult block(Block block) {
        return new ChunkResult(Objects.requireNonNull(block, "block"), null);
    }

    /** The block, or {@code null} for {@link #FORWARD}, {@link #CONSUMED} and {@link #PASS_REST}. */
    public Block blocked() {
        return block;
    }

    @Override
    public String toString() {
        return this == FORWARD ? "FORWARD" : this == CONSUMED ? "CONSUMED" : this == PASS_REST ? "PASS_REST"
                : endsHold() ? base + "_UNHELD" : "BLOCK[" + block + "]";
    }
}
