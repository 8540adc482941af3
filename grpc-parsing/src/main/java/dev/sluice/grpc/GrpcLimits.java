package dev.sluice.grpc;

import dev.sluice.grpc.frame.GrpcFrameDecoder;
import dev.sluice.grpc.walk.ProtobufWalker;

/**
 * The bounds a {@link GrpcBodyReader} applies. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>at the limit</th></tr>
 *   <tr><td>maxMessageBytes</td><td>4 MiB</td><td>the message is not buffered; its bytes go to
 *       {@code uninspected} ({@code MESSAGE_TOO_LARGE})</td></tr>
 *   <tr><td>maxDecompressedBytes</td><td>4 MiB</td><td>the compressed message goes to
 *       {@code uninspected} ({@code DECOMPRESSED_TOO_LARGE})</td></tr>
 *   <tr><td>maxDepth</td><td>64</td><td>deeper messages are reported as one raw value
 *       ({@code DEPTH_LIMIT})</td></tr>
 * </table>
 * Memory per body is about one message (plus one decompressed message) at most.
 */
public final class GrpcLimits {
    private static final GrpcLimits DEFAULTS = builder().build();

    private final int maxMessageBytes;
    private final int maxDecompressedBytes;
    private final int maxDepth;

    private GrpcLimits(Builder b) {
        this.maxMessageBytes = b.maxMessageBytes;
        this.maxDecompressedBytes = b.maxDecompressedBytes;
        this.maxDepth = b.maxDepth;
    }

    public static GrpcLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    @Override
    public String toString() {
        return "GrpcLimits[maxMessageBytes=" + maxMessageBytes + ", maxDecompressedBytes=" + maxDecompressedBytes
                + ", maxDepth=" + maxDepth + "]";
    }

    /** Builder; setters reject values out of range. */
    public static final class Builder {
        private int maxMessageBytes = GrpcFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES;
        private int maxDecompressedBytes = GrpcFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES;
        private int maxDepth = ProtobufWalker.DEFAULT_MAX_DEPTH;

        private Builder() {
        }

        public Builder maxMessageBytes(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxMessageBytes must be positive: " + v);
            }
            this.maxMessageBytes = v;
            return this;
        }

        public Builder maxDecompressedBytes(int v) {
            if (v < 1 || v == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxDecompressedBytes must be 1.." + (Integer.MAX_VALUE - 1) + ": " + v);
            }
            this.maxDecompressedBytes = v;
            return this;
        }

        public Builder maxDepth(int v) {
            if (v < 1 || v > ProtobufWalker.MAX_DEPTH_LIMIT) {
                throw new IllegalArgumentException("maxDepth must be 1.." + ProtobufWalker.MAX_DEPTH_LIMIT + ": " + v);
            }
            this.maxDepth = v;
            return this;
        }

        public GrpcLimits build() {
            return new GrpcLimits(this);
        }
    }
}
