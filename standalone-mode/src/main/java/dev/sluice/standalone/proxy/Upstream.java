package dev.sluice.standalone.proxy;

import io.netty.handler.codec.http.HttpObject;

/**
 * The upstream side of one exchange: a leased HTTP/1.1 connection or an h2c stream. All calls
 * happen on the exchange's event loop. Writes are not flushed until {@link #flush()}.
 */
interface Upstream {

    /** Sends a request head or body part; takes ownership. */
    void write(HttpObject message);

    void flush();

    boolean isWritable();

    /** Stops (or restarts) reading the response, so that a slow client slows the upstream down. */
    void setReadPaused(boolean paused);

    /** The exchange ended with both messages whole: the connection may be reused. */
    void release();

    /** The exchange ended early: close the connection or reset the stream. */
    void abort();

    /**
     * True when this upstream closed before any byte of the response in a way that allows the
     * request to be sent again on a new connection: an HTTP/1.1 connection an earlier exchange had
     * used (the server may have closed it as idle while the request was on its way; only requests
     * that may be repeated are), or an h2c stream the server said it did not process.
     */
    default boolean closedUnanswered() {
        return false;
    }

    /**
     * After a 101 to a WebSocket upgrade: puts the frame codec and the tunnel's upstream end in
     * place of the HTTP handlers; the connection leaves its pool for good. Only an HTTP/1.1
     * connection can; an h2c stream never gets a 101.
     */
    default void switchToWebSocket(WebSocketTunnel tunnel) {
        throw new UnsupportedOperationException("only an HTTP/1.1 connection switches protocols");
    }
}
