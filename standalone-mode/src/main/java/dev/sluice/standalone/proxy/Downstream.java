package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.HttpProtocol;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetSocketAddress;

/**
 * The client side of one exchange, as the {@link Exchange} sees it: an HTTP/1.1 connection
 * (one exchange at a time) or an HTTP/2 stream. All calls happen on {@link #channel()}'s event
 * loop. Writes are not flushed until {@link #flush()}.
 */
interface Downstream {
    /** Reading is paused until the upstream is there. */
    int PAUSE_WAITING_UPSTREAM = 1;
    /** Reading is paused because the upstream does not take more bytes now. */
    int PAUSE_UPSTREAM_BUSY = 2;

    Channel channel();

    HttpProtocol protocol();

    InetSocketAddress peer();

    /** What the client connection's TLS handshake established; null over cleartext. */
    default TlsPeer tls() {
        return TlsPeer.of(channel());
    }

    /** Sends {@code 100 Continue} (RFC 9110 §10.1.1). */
    void writeContinue();

    /**
     * Sends the response head (a {@link io.netty.handler.codec.http.FullHttpResponse} is a whole
     * response). {@code lastOnConnection}: the request was not read whole, so an HTTP/1.1
     * connection closes after this response.
     */
    void writeHead(HttpResponse head, boolean lastOnConnection);

    /** Sends body bytes (a {@link io.netty.handler.codec.http.LastHttpContent} ends the response); takes ownership. */
    void write(HttpContent content);

    void flush();

    boolean isWritable();

    void pause(int reason);

    void resume(int reason);

    /** Ends the response abruptly so the client cannot take it for complete: TCP RST, or RST_STREAM. */
    void reset();

    /**
     * The exchange is over and everything it wrote has been handed over. {@code keepAlive}: the
     * request was read whole, so an HTTP/1.1 connection may carry the next one.
     */
    void exchangeDone(boolean keepAlive);

    /**
     * Switches the connection to a WebSocket tunnel (RFC 6455): sends {@code head}, the 101, then
     * puts the frame codec and the tunnel's client end in place of the HTTP handlers; the
     * exchange is over without {@link #exchangeDone}. False, with {@code head} dropped, where the
     * downstream cannot switch (an HTTP/2 stream, a closing connection).
     */
    default boolean switchToWebSocket(FullHttpResponse head, WebSocketTunnel tunnel) {
        head.release();
        return false;
    }
}
