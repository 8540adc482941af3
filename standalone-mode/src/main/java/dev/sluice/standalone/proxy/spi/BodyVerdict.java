package dev.sluice.standalone.proxy.spi;

import java.util.Objects;

/** The verdict on a whole body, from {@link MessageFilter#onEnd}. */
public final class BodyVerdict {
    public static final BodyVerdict ALLOW = new BodyVerdict(null);

    private final Block block;

    private BodyVerdict(Block block) {
        this.block = block;
    }

    public static BodyVerdict block(Block block) {
        return new BodyVerdict(Objects.requireNonNull(block, "block"));
    }

    /** The block, or {@code null} when allowed. */
    public Block blocked() {
        return block;
    }

    @Override
    public String toString() {
        return block == null ? "ALLOW" : "BLOCK[" + block + "]";
    }
}
