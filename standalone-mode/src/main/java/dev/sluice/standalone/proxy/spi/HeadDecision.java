package dev.sluice.standalone.proxy.spi;

import java.util.Objects;

/**
 * What the proxy does with a message head, from {@link MessageFilter#onHead}.
 *
 * <ul>
 *   <li>{@link #pass()}: forward the head and the body untouched; the filter sees no body calls.
 *       The fast path: the proxy forwards its buffers without copying.</li>
 *   <li>{@link #stream()}: forward the head now and the body through the filter, keeping the
 *       message's framing. If the message has a {@code Content-Length}, the filter's output must
 *       have exactly that length (same-length masking); if it does not, the stream is reset rather
 *       than truncated or overrun.</li>
 *   <li>{@link #streamResizable()}: as {@link #stream()}, but the output may change length: the
 *       proxy drops {@code Content-Length} and re-frames the body (chunked on HTTP/1.1).</li>
 *   <li>{@link #hold()}: hold the head until the body's verdict, keeping the filter's output (up
 *       to a limit); on allow, the head leaves with a {@code Content-Length} that matches the
 *       output. Over the limit, the {@link FailMode} decides.</li>
 *   <li>{@link #reject} and {@link #block}: answer now; nothing of this message goes on.</li>
 * </ul>
 */
public final class HeadDecision {
    /** The kinds of decision. */
    public enum Kind { PASS, STREAM, STREAM_RESIZABLE, HOLD, REJECT, BLOCK }

    /** The most bytes a rejection body may have. */
    public static final int MAX_REJECT_BODY = 64 * 1024;

    private static final HeadDecision PASS = new HeadDecision(Kind.PASS, -1, null, 0, null, null, null);
    private static final HeadDecision STREAM = new HeadDecision(Kind.STREAM, -1, null, 0, null, null, null);
    private static final HeadDecision STREAM_CHECKING_LABEL =
            new HeadDecision(Kind.STREAM, -1, null, 0, null, null, null, true);
    private static final HeadDecision STREAM_RESIZABLE =
            new HeadDecision(Kind.STREAM_RESIZABLE, -1, null, 0, null, null, null);
    private static final HeadDecision HOLD = new HeadDecision(Kind.HOLD, -1, null, 0, null, null, null);

    private final Kind kind;
    private final long maxHoldBytes;
    private final FailMode overLimit;
    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Block block;
    private final boolean checkingLabel;

    private HeadDecision(Kind kind, long maxHoldBytes, FailMode overLimit, int status, String contentType,
                         byte[] body, Block block) {
        this(kind, maxHoldBytes, overLimit, status, contentType, body, block, false);
    }

    private HeadDecision(Kind kind, long maxHoldBytes, FailMode overLimit, int status, String contentType,
                         byte[] body, Block block, boolean checkingLabel) {
        this.checkingLabel = checkingLabel;
        this.kind = kind;
        this.maxHoldBytes = maxHoldBytes;
        this.overLimit = overLimit;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.block = block;
    }

    public static HeadDecision pass() {
        return PASS;
    }

    public static HeadDecision stream() {
        return STREAM;
    }

    /**
     * As {@link #stream()}, for a body expected to pass untouched from its first chunk
     * ({@link ChunkResult#PASS_REST}) once its bytes show they are what its label says (an image's
     * signature): the proxy treats it as a body it passes, not one it inspects (a range of it is
     * not widened).
     */
    public static HeadDecision streamCheckingLabel() {
        return STREAM_CHECKING_LABEL;
    }

    public static HeadDecision streamResizable() {
        return STREAM_RESIZABLE;
    }

    /** Hold with the proxy's configured hold limit and fail mode. */
    public static HeadDecision hold() {
        return HOLD;
    }

    /**
     * Hold up to {@code maxBytes} of filter output (capped by the proxy's configured limit); over
     * it, {@code overLimit} decides.
     */
    public static HeadDecision hold(long maxBytes, FailMode overLimit) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
        }
        return new HeadDecision(Kind.HOLD, maxBytes, Objects.requireNonNull(overLimit, "overLimit"), 0, null,
                null, null);
    }

    /**
     * Answer with {@code status} (400 to 599) and a body of at most {@link #MAX_REJECT_BODY} bytes.
     * A gRPC request gets the gRPC status that the HTTP status maps to instead.
     */
    public static HeadDecision reject(int status, String contentType, byte[] body) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400 to 599, got " + status);
        }
        byte[] copy = body == null ? new byte[0] : body.clone();
        if (copy.length > MAX_REJECT_BODY) {
            throw new IllegalArgumentException("body must be at most " + MAX_REJECT_BODY + " bytes");
        }
        if (copy.length > 0 && (contentType == null || contentType.isBlank())) {
            throw new IllegalArgumentException("a body needs a content type");
        }
        return new HeadDecision(Kind.REJECT, -1, null, status, contentType, copy, null);
    }

    /** Block: 403 with a JSON body naming the event id (gRPC: status PERMISSION_DENIED). */
    public static HeadDecision block(Block block) {
        return new HeadDecision(Kind.BLOCK, -1, null, 0, null, null, Objects.requireNonNull(block, "block"));
    }

    public Kind kind() {
        return kind;
    }

    /** True for {@link #streamCheckingLabel()}: most likely passed untouched after its first chunk. */
    public boolean checkingLabel() {
        return checkingLabel;
    }

    /** For {@link Kind#HOLD}: the hold limit asked for, or -1 for the configured one. */
    public long maxHoldBytes() {
        return maxHoldBytes;
    }

    /** For {@link Kind#HOLD}: the fail mode asked for, or {@code null} for the configured one. */
    public FailMode overLimit() {
        return overLimit;
    }

    /** For {@link Kind#REJECT}: the status. */
    public int status() {
        return status;
    }

    /** For {@link Kind#REJECT}: the body's content type, or {@code null} when the body is empty. */
    public String contentType() {
        return contentType;
    }

    /** For {@link Kind#REJECT}: a copy of the body. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** For {@link Kind#BLOCK}: the block. */
    public Block blocked() {
        return block;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case REJECT -> "REJECT[" + status + "]";
            case BLOCK -> "BLOCK[" + block + "]";
            case HOLD -> maxHoldBytes < 0 ? "HOLD" : "HOLD[" + maxHoldBytes + ", " + overLimit + "]";
            default -> kind.name();
        };
    }
}
