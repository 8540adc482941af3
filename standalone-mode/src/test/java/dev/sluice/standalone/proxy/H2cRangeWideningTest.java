package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A range request through an h2c upstream: its partial response is dropped by resetting the
 * stream, and the request goes again without {@code Range} on the same connection. The upstream
 * never ends its partial responses, so only a reset ends them.
 */
@ExtendWith(NoLeaks.class)
class H2cRangeWideningTest {
    private static final String DOC = "{\"note\":\"account SECRET-VALUE here\"}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private RangeUpstream upstream;
    private SidecarProxy proxy;

    @BeforeEach
    void start() {
        upstream = new RangeUpstream();
        proxy = SidecarProxy.start(ProxyTests.config(upstream.url()).upstreamProtocol(UpstreamProtocol.H2C).build(),
                new MarkerFilter("************"));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void thePartialStreamIsResetAndTheWholeDocumentInspected() throws Exception {
        for (int round = 1; round <= 2; round++) {
            HttpResponse<String> r = get("bytes=0-20", "stream");
            assertEquals(200, r.statusCode());
            assertEquals("{\"note\":\"account ************ here\"}", r.body());
            assertTrue(r.headers().firstValue("content-range").isEmpty());
        }
        assertEquals(List.of("206 bytes=0-20", "200", "206 bytes=0-20", "200"), upstream.answers());
        assertEquals(2, proxy.rangesWidened());
        assertEquals(0, proxy.upstreamRetries());
        assertEquals(1, upstream.connections(), "a reset stream keeps its connection");
        awaitResets(2);
    }

    @Test
    void aBodyTheFilterPassesKeepsItsRange() throws Exception {
        upstream.endPartials = true;
        HttpResponse<String> r = get("bytes=0-20", "pass");
        assertEquals(206, r.statusCode());
        assertEquals(DOC.substring(0, 21), r.body());
        assertEquals(0, proxy.rangesWidened());
    }

    private HttpResponse<String> get(String range, String responseMode) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/doc"))
                .timeout(Duration.ofSeconds(10)).header("range", range).header("x-test-response", responseMode)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitResets(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstream.resets.get() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(n, upstream.resets.get(), "streams the proxy reset");
    }

    /**
     * An h2c server (prior knowledge) with one document: a request with {@code range: bytes=A-B}
     * gets a 206 with those bytes and, unless {@link #endPartials}, a stream that never ends;
     * any other request gets the whole document.
     */
    private static final class RangeUpstream implements AutoCloseable {
        private final H2cTestServer server = new H2cTestServer(Answers::new);
        private final AtomicInteger resets = new AtomicInteger();
        private final List<String> answers = new CopyOnWriteArrayList<>();
        volatile boolean endPartials;

        String url() {
            return server.url();
        }

        List<String> answers() {
            return List.copyOf(answers);
        }

        int connections() {
            return server.connections();
        }

        @Override
        public void close() {
            server.close();
        }

        /** Answers each stream once its request has ended (a GET may end with an empty DATA frame). */
        private final class Answers extends ChannelInboundHandlerAdapter {
            private final Map<Integer, Http2HeadersFrame> heads = new HashMap<>();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof Http2ResetFrame) {
                        resets.incrementAndGet();
                    } else if (msg instanceof Http2HeadersFrame h) {
                        if (h.isEndStream()) {
                            answer(ctx, h);
                        } else {
                            heads.put(h.stream().id(), h);
                        }
                    } else if (msg instanceof Http2DataFrame d && d.isEndStream()) {
                        answer(ctx, heads.remove(d.stream().id()));
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof Http2ResetFrame) {
                    resets.incrementAndGet();
                }
                ReferenceCountUtil.release(evt);
            }

            private void answer(ChannelHandlerContext ctx, Http2HeadersFrame request) {
                byte[] doc = DOC.getBytes(StandardCharsets.UTF_8);
                CharSequence range = request.headers().get("range");
                Http2Headers head = new DefaultHttp2Headers().add("content-type", "application/json");
                byte[] body = doc;
                boolean end = true;
                if (range == null) {
                    answers.add("200");
                    head.status("200");
                } else {
                    String[] bounds = range.toString().substring("bytes=".length()).split("-");
                    int from = Integer.parseInt(bounds[0]);
                    int to = Integer.parseInt(bounds[1]);
                    answers.add("206 " + range);
                    head.status("206").add("content-range", "bytes " + from + "-" + to + "/" + doc.length);
                    body = Arrays.copyOfRange(doc, from, to + 1);
                    end = endPartials;
                }
                ctx.write(new DefaultHttp2HeadersFrame(head).stream(request.stream()));
                ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), end).stream(request.stream()));
            }
        }
    }
}
