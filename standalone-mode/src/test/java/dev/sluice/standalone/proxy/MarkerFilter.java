package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.Block;
import dev.sluice.standalone.proxy.spi.BodySink;
import dev.sluice.standalone.proxy.spi.BodyVerdict;
import dev.sluice.standalone.proxy.spi.ChunkResult;
import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeFilterFactory;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.HeaderMap;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.MessageHead;
import dev.sluice.standalone.proxy.spi.RequestHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test filter that proves the proxy's plumbing: it blocks a body containing
 * {@code BLOCK-ME} and replaces {@code SECRET-VALUE} by a redaction, both even when the marker is
 * cut across chunks (it keeps the last few bytes of each chunk back). The request header
 * {@code x-test-request} / {@code x-test-response} picks its head decision for each direction:
 * {@code pass}, {@code stream}, {@code resizable}, {@code hold} (default {@code hold}), or
 * {@code throw} to fail. {@code x-test-block-head} blocks the request head at once.
 */
final class MarkerFilter implements ExchangeFilterFactory {
    static final byte[] SECRET = "SECRET-VALUE".getBytes(StandardCharsets.US_ASCII);
    static final byte[] BLOCK = "BLOCK-ME".getBytes(StandardCharsets.US_ASCII);
    static final String EVENT_ID = "evt-42";
    private static final int KEEP = Math.max(SECRET.length, BLOCK.length) - 1;

    private final byte[] redaction;
    final List<ExchangeOutcome> outcomes = new CopyOnWriteArrayList<>();

    /** @param redaction what replaces the secret; same length as the secret for same-length masking */
    MarkerFilter(String redaction) {
        this.redaction = redaction.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public ExchangeFilter newExchange(RequestHead request) {
        String req = request.headers().get("x-test-request");
        String resp = request.headers().get("x-test-response");
        boolean blockHead = request.headers().contains("x-test-block-head");
        return new ExchangeFilter() {
            private final MessageFilter requestFilter = new Direction(req == null ? "hold" : req, blockHead);
            private final MessageFilter responseFilter = new Direction(resp == null ? "hold" : resp, false);

            @Override
            public MessageFilter request() {
                return requestFilter;
            }

            @Override
            public MessageFilter response() {
                return responseFilter;
            }

            @Override
            public void onComplete(ExchangeOutcome outcome) {
                outcomes.add(outcome);
            }
        };
    }

    /** Redacts and blocks one body, keeping {@link #KEEP} bytes back between chunks. */
    private final class Direction implements MessageFilter {
        private final String mode;
        private final boolean blockHead;
        private byte[] tail = new byte[0];

        Direction(String mode, boolean blockHead) {
            this.mode = mode;
            this.blockHead = blockHead;
        }

        @Override
        public HeadDecision onHead(MessageHead head) {
            if (blockHead) {
                return HeadDecision.block(new Block("test", "evt-head"));
            }
            return switch (mode) {
                case "pass" -> HeadDecision.pass();
                case "stream" -> HeadDecision.stream();
                case "resizable" -> HeadDecision.streamResizable();
                case "throw" -> throw new IllegalStateException("test filter failure");
                default -> HeadDecision.hold();
            };
        }

        @Override
        public ChunkResult onChunk(ByteBuffer chunk, BodySink out) {
            byte[] window = Arrays.copyOf(tail, tail.length + chunk.remaining());
            chunk.get(window, tail.length, chunk.remaining());
            if (indexOf(window, BLOCK) >= 0) {
                return ChunkResult.block(new Block("marker", EVENT_ID));
            }
            int end = emitRedacted(window, window.length - KEEP, out);
            tail = Arrays.copyOfRange(window, end, window.length);
            return ChunkResult.CONSUMED;
        }

        @Override
        public BodyVerdict onEnd(BodySink out, HeaderMap trailers) {
            if (indexOf(tail, BLOCK) >= 0) {
                return BodyVerdict.block(new Block("marker", EVENT_ID));
            }
            emitRedacted(tail, tail.length, out);
            tail = new byte[0];
            return BodyVerdict.ALLOW;
        }

        /** Writes window[0..) with secrets replaced, up to where a secret could still be cut; returns where it stopped. */
        private int emitRedacted(byte[] window, int safe, BodySink out) {
            int i = 0;
            int runStart = 0;
            while (i < safe) {
                if (matchesAt(window, i, SECRET)) {
                    out.write(window, runStart, i - runStart);
                    out.write(redaction, 0, redaction.length);
                    i += SECRET.length;
                    runStart = i;
                } else {
                    i++;
                }
            }
            out.write(window, runStart, Math.max(0, i - runStart));
            return Math.max(i, 0);
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (matchesAt(hay, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesAt(byte[] hay, int at, byte[] needle) {
        if (at + needle.length > hay.length) {
            return false;
        }
        for (int j = 0; j < needle.length; j++) {
            if (hay[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }
}
