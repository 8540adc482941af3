package dev.sluice.grpc.frame;

/**
 * A defined failure of {@link GrpcFrameDecoder}. Each one hands the bytes it could not deliver
 * as a message to {@link FrameListener#uninspected}, so nothing of the body goes unscanned.
 */
public enum FrameError {
    /** A frame's length prefix is above the configured maximum; its payload was skipped (streamed to {@code uninspected}), later frames are decoded. */
    MESSAGE_TOO_LARGE(true, false),
    /**
     * The process had no room to buffer this message ({@link MessageRoom}: what all bodies hold
     * together is bounded); its payload was streamed to {@code uninspected}, later frames are decoded.
     */
    NO_ROOM(true, false),
    /** A compressed message inflated beyond the configured maximum; it was not delivered, later frames are decoded. */
    DECOMPRESSED_TOO_LARGE(true, false),
    /** The compressed flag is set but {@code grpc-encoding} is identity, missing or one Sluice does not decode; later frames are decoded. */
    UNSUPPORTED_ENCODING(false, false),
    /** A compressed message is corrupt (bad header, bad DEFLATE data, CRC or size mismatch, trailing bytes); later frames are decoded. */
    DECOMPRESSION_FAILED(false, false),
    /** A flag byte other than 0 or 1 (or 0x80 for a grpc-web trailer frame): framing is lost, the rest of the body is uninspected. */
    INVALID_FLAG(false, true),
    /** The body ended inside a frame header or payload. */
    TRUNCATED(false, true);

    private final boolean limit;
    private final boolean terminal;

    FrameError(boolean limit, boolean terminal) {
        this.limit = limit;
        this.terminal = terminal;
    }

    /** True when a configured limit, not the body's shape, caused it. */
    public boolean isLimit() {
        return limit;
    }

    /** True when no further message of the body is decoded after it. */
    public boolean isTerminal() {
        return terminal;
    }
}
