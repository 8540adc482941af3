package dev.sluice.standalone.proxy;

import io.netty.util.concurrent.Future;

/**
 * Leases upstreams for the exchanges of one I/O thread: a pooled HTTP/1.1 connection, or a new
 * stream on a shared h2c connection. Used only from its own event loop, so it needs no locks.
 */
final class UpstreamConnector {
    private final Http1UpstreamPool http1;
    private final H2cUpstreamPool h2c;

    UpstreamConnector(Http1UpstreamPool http1, H2cUpstreamPool h2c) {
        this.http1 = http1;
        this.h2c = h2c;
    }

    /**
     * Leases an upstream that reports to {@code listener}; the future completes on this loop.
     * {@code fresh} asks for a new HTTP/1.1 connection rather than a pooled one.
     */
    Future<Upstream> acquire(boolean useH2c, boolean fresh, UpstreamListener listener) {
        return useH2c ? h2c.acquire(listener) : http1.acquire(listener, fresh);
    }

    /** Closes every pooled connection (at shutdown). */
    void close() {
        http1.close();
        h2c.close();
    }
}
