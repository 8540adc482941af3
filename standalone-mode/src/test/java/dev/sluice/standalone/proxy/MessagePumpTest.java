package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sluice.standalone.proxy.spi.BodySink;
import dev.sluice.standalone.proxy.spi.BodyVerdict;
import dev.sluice.standalone.proxy.spi.ChunkResult;
import dev.sluice.standalone.proxy.spi.FailMode;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.HeaderMap;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.RequestHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The body pump on its own, over seeded random bodies cut at random chunk boundaries: what leaves
 * is the redacted body whatever the chunking, with the framing each head decision promises, and
 * a block or a broken length promise ends it with every buffer released.
 */
@ExtendWith(NoLeaks.class)
class MessagePumpTest {
    private static final ProxyConfig CONFIG = ProxyConfig.builder().upstream("http://127.0.0.1:1")
            .maxHeldBodyBytes(64 * 1024).failMode(FailMode.CLOSED).build();

    /** Records what the pump sends, releasing every buffer it is given. */
    private static final class Recorder implements MessagePump.Target {
        Framing framing;
        long length = -2;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ended;

        @Override
        public void head(Framing f, long len) {
            framing = f;
            length = len;
        }

        @Override
        public void content(ByteBuf bytes) {
            take(bytes);
        }

        @Override
        public void last(ByteBuf bytes, HttpHeaders trailers) {
            take(bytes);
            ended = true;
        }

        private void take(ByteBuf b) {
            byte[] copy = new byte[b.readableBytes()];
            b.readBytes(copy);
            b.release();
            body.writeBytes(copy);
        }
    }

    @RepeatedTest(100)
    void redactionIsTheSameWhateverTheChunking(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        StringBuilder body = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = random.nextInt(8); i >= 0; i--) {
            String filler = "x".repeat(random.nextInt(40)) + "{\"k\":" + random.nextInt(1000) + "}";
            body.append(filler);
            expected.append(filler);
            if (random.nextBoolean()) {
                body.append("SECRET-VALUE");
                expected.append("[REDACTED]");
            }
        }
        boolean hold = random.nextBoolean();
        HeadDecision decision = hold ? HeadDecision.hold() : HeadDecision.streamResizable();
        Recorder out = new Recorder();
        MessagePump.Step last = run(decision, out, body.toString(), random, -1);
        assertEquals(MessagePump.Step.DONE, last);
        assertEquals(expected.toString(), out.body.toString(StandardCharsets.UTF_8));
        assertEquals(hold ? Framing.KNOWN_LENGTH : Framing.UNKNOWN_LENGTH, out.framing);
        if (hold) {
            assertEquals(expected.length(), out.length);
        }
    }

    @RepeatedTest(30)
    void aSplitBlockMarkerBlocksAndReleasesEverything(RepetitionInfo rep) {
        Random random = new Random(1000 + rep.getCurrentRepetition());
        String body = "a".repeat(random.nextInt(300)) + "BLOCK-ME" + "b".repeat(random.nextInt(300));
        Recorder out = new Recorder();
        MessagePump.Step last = run(HeadDecision.hold(), out, body, random, -1);
        assertEquals(MessagePump.Step.BLOCKED, last);
        assertEquals(null, out.framing, "a held head never leaves when blocked");
    }

    @Test
    void sameLengthStreamKeepsTheDeclaredLengthAndALengthChangeFails() {
        String body = "0123SECRET-VALUE4567";
        Recorder masked = new Recorder();
        assertEquals(MessagePump.Step.DONE, runWith(new MarkerFilter("************"), HeadDecision.stream(),
                masked, body, new Random(1), body.length()));
        assertEquals(Framing.AS_RECEIVED, masked.framing);
        assertEquals("0123************4567", masked.body.toString(StandardCharsets.UTF_8));
        Recorder resized = new Recorder();
        assertEquals(MessagePump.Step.FAILED, runWith(new MarkerFilter("[X]"), HeadDecision.stream(), resized, body,
                new Random(1), body.length()));
    }

    @Test
    void holdOverTheLimitFailsClosedBeforeReadingWhenTheLengthIsDeclared() {
        Recorder out = new Recorder();
        MessagePump pump = new MessagePump(PassThroughMessages.INSTANCE, HeadDecision.hold(10, FailMode.CLOSED), CONFIG,
                out, ByteBufAllocator.DEFAULT, true, 11);
        assertEquals(MessagePump.Step.OVER_LIMIT, pump.start());
    }

    @Test
    void failingFilterFailsOpenOnlyWhileItsOutputWasVerbatim() {
        MessageFilter throwsOnSecondChunk = new MessageFilter() {
            private int calls;

            @Override
            public ChunkResult onChunk(ByteBuffer chunk, BodySink out) {
                if (++calls == 2) {
                    throw new IllegalStateException("boom");
                }
                return ChunkResult.FORWARD;
            }
        };
        ProxyConfig open = ProxyConfig.builder().upstream("http://127.0.0.1:1").failMode(FailMode.OPEN).build();
        Recorder out = new Recorder();
        MessagePump pump = new MessagePump(throwsOnSecondChunk, HeadDecision.stream(), open, out,
                ByteBufAllocator.DEFAULT, true, -1);
        pump.start();
        assertEquals(MessagePump.Step.CONTINUE, pump.content(buf("one-")));
        assertEquals(MessagePump.Step.CONTINUE, pump.content(buf("two-")));
        assertEquals(MessagePump.Step.DONE, pump.end(buf("three"), new DefaultHttpHeaders()));
        assertEquals("one-two-three", out.body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passRestSendsAHeldBodyOnAsReceivedAndStopsCallingTheFilter() {
        int[] calls = {0, 0};
        MessageFilter seenEnough = new MessageFilter() {
            @Override
            public ChunkResult onChunk(ByteBuffer chunk, BodySink out) {
                return ++calls[0] == 1 ? ChunkResult.FORWARD : ChunkResult.PASS_REST;
            }

            @Override
            public BodyVerdict onEnd(BodySink out, HeaderMap trailers) {
                calls[1]++;
                return BodyVerdict.ALLOW;
            }
        };
        Recorder out = new Recorder();
        MessagePump pump = new MessagePump(seenEnough, HeadDecision.hold(1024, FailMode.OPEN), CONFIG, out,
                ByteBufAllocator.DEFAULT, true, 15);
        assertEquals(MessagePump.Step.CONTINUE, pump.start());
        assertEquals(MessagePump.Step.CONTINUE, pump.content(buf("held-")));
        assertEquals(null, out.framing, "held: the head waits");
        assertEquals(MessagePump.Step.CONTINUE, pump.content(buf("then-")));
        assertEquals(Framing.AS_RECEIVED, out.framing, "released with its own length");
        assertEquals(MessagePump.Step.DONE, pump.end(buf("rest!"), new DefaultHttpHeaders()));
        assertEquals("held-then-rest!", out.body.toString(StandardCharsets.UTF_8));
        assertEquals(2, calls[0], "the filter is not called after PASS_REST");
        assertEquals(0, calls[1]);
    }

    @Test
    void passRestAfterTheFilterChangedTheBodyIsAPlainForward() {
        Recorder out = new Recorder();
        MessageFilter rewritesThenPasses = new MessageFilter() {
            private int calls;

            @Override
            public ChunkResult onChunk(ByteBuffer chunk, BodySink sink) {
                if (++calls == 1) {
                    sink.write("X".getBytes(StandardCharsets.US_ASCII), 0, 1);
                    return ChunkResult.CONSUMED;
                }
                return ChunkResult.PASS_REST;
            }
        };
        MessagePump pump = new MessagePump(rewritesThenPasses, HeadDecision.streamResizable(), CONFIG, out,
                ByteBufAllocator.DEFAULT, true, -1);
        pump.start();
        assertEquals(MessagePump.Step.CONTINUE, pump.content(buf("one-")));
        assertEquals(MessagePump.Step.CONTINUE, pump.content(buf("two-")));
        assertEquals(MessagePump.Step.DONE, pump.end(buf("three"), new DefaultHttpHeaders()));
        assertEquals("Xtwo-three", out.body.toString(StandardCharsets.UTF_8));
    }

    private static MessagePump.Step run(HeadDecision decision, Recorder out, String body, Random random, long declared) {
        return runWith(new MarkerFilter("[REDACTED]"), decision, out, body, random, declared);
    }

    private static MessagePump.Step runWith(MarkerFilter factory, HeadDecision decision, Recorder out, String body,
                                            Random random, long declared) {
        RequestHead head = new RequestHead("POST", "h", "/", HttpProtocol.HTTP_1_1,
                new NettyHeaderMap(new DefaultHttpHeaders()), null, false);
        MessageFilter filter = factory.newExchange(head).request();
        MessagePump pump = new MessagePump(filter, decision, CONFIG, out, ByteBufAllocator.DEFAULT, true, declared);
        MessagePump.Step step = pump.start();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (step == MessagePump.Step.CONTINUE && at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(20));
            step = pump.content(Unpooled.copiedBuffer(bytes, at, n));
            at += n;
        }
        if (step == MessagePump.Step.CONTINUE) {
            step = pump.end(Unpooled.EMPTY_BUFFER, LastHttpContent.EMPTY_LAST_CONTENT.trailingHeaders());
        }
        assertNotNull(step);
        pump.discard();
        return step;
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** A filter with every default: what {@link dev.sluice.standalone.proxy.spi.PassThroughFilter} does, as a plain MessageFilter. */
    private enum PassThroughMessages implements MessageFilter {
        INSTANCE
    }
}
