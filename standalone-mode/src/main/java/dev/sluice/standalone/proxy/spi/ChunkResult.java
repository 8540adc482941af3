package dev.sluice.standalone.proxy.spi;

import java.util.Objects;

/** What {@link MessageFilter#onChunk} did with a chunk. */
public final class ChunkResult {
    /** Forward what was written to the sink, then the original chunk (without copying it). */
    public static final ChunkResult FORWARD = new ChunkResult(null);
    /** Forward only what was written to the sink (possibly nothing: bytes are held back). */
    public static final ChunkResult CONSUMED = new ChunkResult(null);

    private final Block block;

    private ChunkResult(Block block) {
        this.block = block;
    }

    /** Block now, without waiting for the end of the body; nothing more of it is read or forwarded. */
    public static ChunkResult block(Block block) {
        return new ChunkResult(Objects.requireNonNull(block, "block"));
    }

    /** The block, or {@code null} for {@link #FORWARD} and {@link #CONSUMED}. */
    public Block blocked() {
        return block;
    }

    @Override
    public String toString() {
        return this == FORWARD ? "FORWARD" : this == CONSUMED ? "CONSUMED" : "BLOCK[" + block + "]";
    }
}
