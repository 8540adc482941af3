package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An h2c upstream that says it did not process a stream (RFC 9113 §8.7): the proxy sends the
 * request again, whatever its method, on a new stream; an upstream that refuses every stream gets
 * one more try and the client a 502.
 */
@ExtendWith(NoLeaks.class)
class RefusedStreamRetryTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private RefusingUpstream upstream;
    private SidecarProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        upstream.close();
    }

    @Test
    void aRefusedStreamIsSentAgain() throws Exception {
        start(Refusal.RESET_FIRST);
        assertEquals("200 POST /orders {\"order\":7}", post("/orders", "{\"order\":7}"));
        assertEquals(List.of("POST /orders refused", "POST /orders answered"), upstream.streams());
        assertEquals(1, proxy.upstreamRetries());
    }

    @Test
    void aStreamAboveAGoawaysLastIdIsSentAgainOnANewConnection() throws Exception {
        start(Refusal.GOAWAY_FIRST);
        assertEquals("200 POST /orders {\"order\":8}", post("/orders", "{\"order\":8}"));
        assertEquals(List.of("POST /orders refused", "POST /orders answered"), upstream.streams());
        assertEquals(2, upstream.connections());
        assertEquals(1, proxy.upstreamRetries());
    }

    @Test
    void aStreamRefusedTwiceAnswers502() throws Exception {
        start(Refusal.RESET_ALL);
        assertEquals("502 {\"error\":\"bad_gateway\"}", post("/orders", "{}"));
        assertEquals(List.of("POST /orders refused", "POST /orders refused"), upstream.streams());
        assertEquals(1, proxy.upstreamRetries());
    }

    private void start(Refusal refusal) {
        upstream = new RefusingUpstream(refusal);
        proxy = SidecarProxy.start(ProxyConfig.builder().listen("127.0.0.1", 0).upstream(upstream.url())
                .upstreamProtocol(UpstreamProtocol.H2C).ioThreads(1).connectTimeout(Duration.ofSeconds(2)).build(),
                PassThroughFilter.INSTANCE);
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private enum Refusal { RESET_FIRST, GOAWAY_FIRST, RESET_ALL }

    /** An h2c server (prior knowledge) that echoes each request's method, path and body, after refusing some streams. */
    private static final class RefusingUpstream implements AutoCloseable {
        private final H2cTestServer server;
        private final Refusal refusal;
        private final AtomicInteger streamCount = new AtomicInteger();
        private final List<String> streams = new CopyOnWriteArrayList<>();

        RefusingUpstream(Refusal refusal) {
            this.refusal = refusal;
            this.server = new H2cTestServer(Streams::new);
        }

        String url() {
            return server.url();
        }

        List<String> streams() {
            return List.copyOf(streams);
        }

        int connections() {
            return server.connections();
        }

        @Override
        public void close() {
            server.close();
        }

        /** Collects each stream's head and body on the connection channel, then refuses or answers it. */
        private final class Streams extends ChannelInboundHandlerAdapter {
            private String request;
            private final StringBuilder body = new StringBuilder();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof Http2HeadersFrame h) {
                        request = h.headers().method() + " " + h.headers().path();
                        body.setLength(0);
                        if (h.isEndStream()) {
                            decide(ctx, h.stream());
                        }
                    } else if (msg instanceof Http2DataFrame d) {
                        body.append(d.content().toString(StandardCharsets.UTF_8));
                        if (d.isEndStream()) {
                            decide(ctx, d.stream());
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            private void decide(ChannelHandlerContext ctx, Http2FrameStream stream) {
                boolean first = streamCount.incrementAndGet() == 1;
                if (refusal == Refusal.RESET_ALL || first && refusal == Refusal.RESET_FIRST) {
                    streams.add(request + " refused");
                    ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM).stream(stream));
                } else if (first && refusal == Refusal.GOAWAY_FIRST) {
                    streams.add(request + " refused");
                    // Last stream id 0: none of this connection's streams was processed. (A GOAWAY
                    // frame written through the codec always names the last stream it saw.)
                    Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
                    codec.goAway(ctx.pipeline().context(codec), 0, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER,
                            ctx.newPromise()).addListener(f -> ctx.close());
                    ctx.flush();
                } else {
                    streams.add(request + " answered");
                    ByteBuf text = Unpooled.copiedBuffer(request + " " + body, StandardCharsets.UTF_8);
                    ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")).stream(stream));
                    ctx.writeAndFlush(new DefaultHttp2DataFrame(text, true).stream(stream));
                }
            }
        }
    }
}
