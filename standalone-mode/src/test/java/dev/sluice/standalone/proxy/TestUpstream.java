package dev.sluice.standalone.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server for the proxy's tests, on Netty, streaming everything. Routes:
 * <ul>
 *   <li>{@code GET /json/NAME}: the fixture {@code proxy-fixtures/NAME}, with Content-Length;</li>
 *   <li>{@code POST /echo}: the request body streamed back, chunked, same content type;</li>
 *   <li>{@code GET /headers}: the request header fields, one {@code name: value} line each;</li>
 *   <li>{@code GET /chunks?part=..&part=..}: each part as its own chunk ({@code &length} adds
 *       Content-Length instead of chunked coding);</li>
 *   <li>{@code GET /big?bytes=N}: N bytes, written only as fast as the connection takes them,
 *       counted in {@link #bigBytesWritten()};</li>
 *   <li>{@code POST /consume}: reads the body and answers its length; uploads cut short are
 *       counted in {@link #abortedUploads()};</li>
 *   <li>{@code GET /hang}: never answers; {@code GET /close-mid}: promises 1000 bytes, sends 10, closes;</li>
 *   <li>{@code GET /status/NNN}: an empty answer with that status.</li>
 * </ul>
 */
final class TestUpstream implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicLong bigBytesWritten = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger abortedUploads = new AtomicInteger();
    private final CountDownLatch uploadAborted = new CountDownLatch(1);
    private final Map<String, List<String>> lastHeaders = new ConcurrentHashMap<>();

    private TestUpstream() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new Routes());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    static TestUpstream start() {
        return new TestUpstream();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    long bigBytesWritten() {
        return bigBytesWritten.get();
    }

    int requests() {
        return requests.get();
    }

    int connections() {
        return connections.get();
    }

    int abortedUploads() {
        return abortedUploads.get();
    }

    boolean awaitUploadAborted(long seconds) throws InterruptedException {
        return uploadAborted.await(seconds, TimeUnit.SECONDS);
    }

    /** The header fields of the last request, lower-case names. */
    Map<String, List<String>> lastHeaders() {
        return lastHeaders;
    }

    static byte[] fixture(String name) {
        try (InputStream in = TestUpstream.class.getResourceAsStream("/proxy-fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One connection's requests, one at a time. */
    private final class Routes extends ChannelInboundHandlerAdapter {
        private String route = "";
        private long consumed;
        private boolean uploading;
        private boolean echoing;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    onHead(ctx, request);
                }
                if (msg instanceof HttpContent content) {
                    onContent(ctx, content);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
            requests.incrementAndGet();
            lastHeaders.clear();
            for (String name : request.headers().names()) {
                lastHeaders.put(name.toLowerCase(), request.headers().getAll(name));
            }
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            route = path;
            consumed = 0;
            if (path.startsWith("/json/")) {
                ctx.writeAndFlush(full(HttpResponseStatus.OK, "application/json", fixture(path.substring(6))));
            } else if (path.equals("/echo")) {
                echoing = true;
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, type == null ? "application/octet-stream" : type);
                head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                ctx.writeAndFlush(head);
            } else if (path.equals("/chunks")) {
                sendChunks(ctx, uri.parameters().getOrDefault("part", List.of()), uri.parameters().containsKey("length"));
            } else if (path.equals("/big")) {
                long n = Long.parseLong(uri.parameters().get("bytes").get(0));
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                head.headers().set(HttpHeaderNames.CONTENT_LENGTH, n);
                ctx.writeAndFlush(head);
                new BigWriter(ctx, n).pump();
            } else if (path.equals("/consume")) {
                uploading = true;
            } else if (path.equals("/close-mid")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 1000);
                ctx.write(head);
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (path.startsWith("/status/")) {
                int code = Integer.parseInt(path.substring(8));
                ctx.writeAndFlush(full(HttpResponseStatus.valueOf(code), "text/plain", new byte[0]));
            }
        }

        private void onContent(ChannelHandlerContext ctx, HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            consumed += content.content().readableBytes();
            if (echoing) {
                if (content.content().isReadable()) {
                    ctx.writeAndFlush(new DefaultHttpContent(content.content().retain()));
                }
                if (last) {
                    echoing = false;
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                }
                return;
            }
            if (!last) {
                return;
            }
            if (uploading) {
                uploading = false;
                ctx.writeAndFlush(full(HttpResponseStatus.OK, "text/plain",
                        Long.toString(consumed).getBytes(StandardCharsets.US_ASCII)));
            } else if (route.equals("/headers")) {
                StringBuilder sb = new StringBuilder();
                lastHeaders.forEach((k, v) -> v.forEach(x -> sb.append(k).append(": ").append(x).append('\n')));
                ctx.writeAndFlush(full(HttpResponseStatus.OK, "text/plain", sb.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }

        private void sendChunks(ChannelHandlerContext ctx, List<String> parts, boolean withLength) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            long total = 0;
            for (String p : parts) {
                total += p.getBytes(StandardCharsets.UTF_8).length;
            }
            if (withLength) {
                head.headers().set(HttpHeaderNames.CONTENT_LENGTH, total);
            } else {
                head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            ctx.writeAndFlush(head);
            for (String p : parts) {
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(p, StandardCharsets.UTF_8)));
            }
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (uploading) {
                abortedUploads.incrementAndGet();
                uploadAborted.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Writes N bytes only while the channel is writable, so the test sees how far the proxy lets it get. */
    private final class BigWriter {
        private static final int CHUNK = 64 * 1024;
        private final ChannelHandlerContext ctx;
        private long left;

        BigWriter(ChannelHandlerContext ctx, long n) {
            this.ctx = ctx;
            this.left = n;
        }

        void pump() {
            while (left > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(CHUNK, left);
                left -= n;
                ByteBuf b = ctx.alloc().buffer(n);
                b.writeZero(n);
                boolean last = left == 0;
                ctx.writeAndFlush(last ? new io.netty.handler.codec.http.DefaultLastHttpContent(b) : new DefaultHttpContent(b))
                        .addListener(f -> {
                            if (f.isSuccess()) {
                                bigBytesWritten.addAndGet(n);
                            }
                        });
            }
            if (left > 0 && ctx.channel().isActive()) {
                // Not writable: try again when the socket has drained a little.
                ctx.channel().eventLoop().schedule(this::pump, 1, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static FullHttpResponse full(HttpResponseStatus status, String type, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
