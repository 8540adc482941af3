package dev.sluice.inspector;

/**
 * Every bound an inspection session applies, with defaults chosen for API traffic. Reaching
 * one is an {@link Outcome}, never an exception. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>what happens at the limit</th></tr>
 *   <tr><td>maxInspectedBytes</td><td>32 MiB</td><td>rest of the body passes uninspected</td></tr>
 *   <tr><td>maxDepth</td><td>128</td><td>deeper JSON/multipart is not descended into</td></tr>
 *   <tr><td>maxTokenBytes</td><td>1 MiB</td><td>one JSON string / part header / CSV line longer than this stops structured parsing</td></tr>
 *   <tr><td>maxDecompressedBytes</td><td>64 MiB</td><td>decompression stops</td></tr>
 *   <tr><td>maxDecompressionRatio</td><td>200</td><td>decompression stops (bomb)</td></tr>
 *   <tr><td>maxNestedDocuments</td><td>3</td><td>JSON inside a JSON string is decoded this many levels deep</td></tr>
 *   <tr><td>maxParts</td><td>256</td><td>later multipart parts are not inspected</td></tr>
 *   <tr><td>maxMessageBytes</td><td>4 MiB</td><td>a longer gRPC/protobuf message (or its
 *       decompressed form) is scanned as raw bytes, not walked</td></tr>
 *   <tr><td>maxHeldBytes</td><td>1 MiB</td><td>a rewriting session holding more body bytes than
 *       this (a value that may still be redacted) releases them unredacted</td></tr>
 *   <tr><td>streamedTextHoldBytes</td><td>0 (off)</td><td>a rewriting session holds back the
 *       pieces of the last this many bytes of text streamed across events (at most
 *       {@value #MAX_STREAMED_TEXT_HOLD}), so a finding cut across them is masked in every piece;
 *       the client gets the text that much later</td></tr>
 * </table>
 */
public final class InspectionLimits {
    /** The most streamed text a rewriting session may hold back: the tail every piece is joined to. */
    public static final int MAX_STREAMED_TEXT_HOLD = 256;
    private static final InspectionLimits DEFAULTS = builder().build();

    private final long maxInspectedBytes;
    private final int maxDepth;
    private final int maxTokenBytes;
    private final long maxDecompressedBytes;
    private final int maxDecompressionRatio;
    private final int maxNestedDocuments;
    private final int maxParts;
    private final int maxMessageBytes;
    private final long maxHeldBytes;
    private final int streamedTextHoldBytes;

    private InspectionLimits(Builder b) {
        this.maxInspectedBytes = b.maxInspectedBytes;
        this.maxDepth = b.maxDepth;
        this.maxTokenBytes = b.maxTokenBytes;
        this.maxDecompressedBytes = b.maxDecompressedBytes;
        this.maxDecompressionRatio = b.maxDecompressionRatio;
        this.maxNestedDocuments = b.maxNestedDocuments;
        this.maxParts = b.maxParts;
        this.maxMessageBytes = b.maxMessageBytes;
        this.maxHeldBytes = b.maxHeldBytes;
        this.streamedTextHoldBytes = b.streamedTextHoldBytes;
    }

    /** The defaults in the table above. */
    public static InspectionLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long maxInspectedBytes() {
        return maxInspectedBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxTokenBytes() {
        return maxTokenBytes;
    }

    public long maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    public int maxDecompressionRatio() {
        return maxDecompressionRatio;
    }

    public int maxNestedDocuments() {
        return maxNestedDocuments;
    }

    public int maxParts() {
        return maxParts;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The most body bytes a rewriting session holds back while a finding could still cover them. */
    public long maxHeldBytes() {
        return maxHeldBytes;
    }

    /**
     * How many bytes of text streamed across events (a language model's answer, joined) a
     * rewriting session holds back, their pieces whole; 0 forwards each event as it ends.
     */
    public int streamedTextHoldBytes() {
        return streamedTextHoldBytes;
    }

    @Override
    public String toString() {
        return "InspectionLimits[maxInspectedBytes=" + maxInspectedBytes + ", maxDepth=" + maxDepth
                + ", maxTokenBytes=" + maxTokenBytes + ", maxDecompressedBytes=" + maxDecompressedBytes
                + ", maxDecompressionRatio=" + maxDecompressionRatio + ", maxNestedDocuments="
                + maxNestedDocuments + ", maxParts=" + maxParts + ", maxMessageBytes=" + maxMessageBytes
                + ", maxHeldBytes=" + maxHeldBytes + ", streamedTextHoldBytes=" + streamedTextHoldBytes + "]";
    }

    /**
     * Validating builder: every setter rejects a value out of its range (non-positive, for most)
     * with the name of the limit.
     */
    public static final class Builder {
        private long maxInspectedBytes = 32L << 20;
        private int maxDepth = 128;
        private int maxTokenBytes = 1 << 20;
        private long maxDecompressedBytes = 64L << 20;
        private int maxDecompressionRatio = 200;
        private int maxNestedDocuments = 3;
        private int maxParts = 256;
        private int maxMessageBytes = 4 << 20;
        private long maxHeldBytes = 1L << 20;
        private int streamedTextHoldBytes;

        private Builder() {
        }

        public Builder maxInspectedBytes(long v) {
            this.maxInspectedBytes = positive("maxInspectedBytes", v);
            return this;
        }

        public Builder maxDepth(int v) {
            this.maxDepth = (int) positive("maxDepth", v);
            return this;
        }

        public Builder maxTokenBytes(int v) {
            this.maxTokenBytes = (int) positive("maxTokenBytes", v);
            return this;
        }

        public Builder maxDecompressedBytes(long v) {
            this.maxDecompressedBytes = positive("maxDecompressedBytes", v);
            return this;
        }

        public Builder maxDecompressionRatio(int v) {
            this.maxDecompressionRatio = (int) positive("maxDecompressionRatio", v);
            return this;
        }

        public Builder maxNestedDocuments(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("maxNestedDocuments must be >= 0, got " + v);
            }
            this.maxNestedDocuments = v;
            return this;
        }

        public Builder maxParts(int v) {
            this.maxParts = (int) positive("maxParts", v);
            return this;
        }

        public Builder maxMessageBytes(int v) {
            this.maxMessageBytes = (int) Math.min(Integer.MAX_VALUE - 1, positive("maxMessageBytes", v));
            return this;
        }

        public Builder maxHeldBytes(long v) {
            this.maxHeldBytes = positive("maxHeldBytes", v);
            return this;
        }

        /** 0 (off) to {@value InspectionLimits#MAX_STREAMED_TEXT_HOLD}. */
        public Builder streamedTextHoldBytes(int v) {
            if (v < 0 || v > MAX_STREAMED_TEXT_HOLD) {
                throw new IllegalArgumentException("streamedTextHoldBytes must be 0 to " + MAX_STREAMED_TEXT_HOLD
                        + ", got " + v);
            }
            this.streamedTextHoldBytes = v;
            return this;
        }

        public InspectionLimits build() {
            return new InspectionLimits(this);
        }

        private static long positive(String name, long v) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, got " + v);
            }
            return v;
        }
    }
}
