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
}
