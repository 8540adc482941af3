package dev.sluice.standalone.proxy.spi;

import java.util.Objects;

/** What {@link MessageFilter#onChunk} did with a chunk. */
public final class ChunkResult {
    /** Forward what was written to the sink, then the original chunk (without copying it). */
    public static final ChunkResult FORWARD = new ChunkResult(null);
    /** Forward only what was written to the sink (possibly nothing: bytes are held back). */
    public static final ChunkResult CONSUMED = new ChunkResult(null);
    /**
     * Forward the chunk and the rest of the body as received, framing included, without calling
     * the filter again ({@link MessageFilter#onEnd} neither): the filter has seen enough (an upload
     * whose bytes are what its label says). Anything held is released first. Only when nothing let
     * through so far differs from the input (nothing written to the sink, no chunk consumed);
     * otherwise it is {@link #FORWARD}.
     */
    public static final ChunkResult PASS_REST = new ChunkResult(null);

    private final Block block;

    private ChunkResult(Block block) {
        this.block = block;
    }

    /** Block now, without waiting for the end of the body; nothing more of it is read or forwarded. */
    public static ChunkResult block(Block block) {
        return new ChunkResult(Objects.requireNonNull(block, "block"));
    }

    /** The block, or {@code null} for {@link #FORWARD}, {@link #CONSUMED} and {@link #PASS_REST}. */
    public Block blocked() {
        return block;
    }

    @Override
    public String toString() {
        return this == FORWARD ? "FORWARD" : this == CONSUMED ? "CONSUMED" : this == PASS_REST ? "PASS_REST"
                : "BLOCK[" + block + "]";
    }
}
