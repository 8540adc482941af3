package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.ExchangeFilterFactory;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What every exchange of one proxy shares: settings, the filter factory, and one upstream connector per I/O thread. */
final class ProxyContext {
    final ProxyConfig config;
    final ExchangeFilterFactory filters;
    final RequestGate gate;
    final long readTimeoutNanos;
    final long idleTimeoutNanos;
    final long streamIdleTimeoutNanos;
    private final Map<EventExecutor, UpstreamConnector> connectors;
    private final LongAdder upstreamRetries = new LongAdder();
    private final LongAdder rangesWidened = new LongAdder();
    private final LongAdder webSocketsOpened = new LongAdder();
    private final LongAdder tlsHandshakeFailures = new LongAdder();
    /** Exchanges ended, by outcome (indexed by ordinal). */
    private final LongAdder[] ended = new LongAdder[ExchangeOutcome.values().length];

    ProxyContext(ProxyConfig config, ExchangeFilterFactory filters, Map<EventExecutor, UpstreamConnector> connectors) {
        this.config = config;
        this.filters = filters;
        this.gate = new RequestGate(config);
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.streamIdleTimeoutNanos = config.streamIdleTimeout().toNanos();
        this.connectors = connectors;
        for (int i = 0; i < ended.length; i++) {
            ended[i] = new LongAdder();
        }
    }

    /** Counts an exchange that ended with {@code outcome} (a request refused before one began counts as REFUSED). */
    void ended(ExchangeOutcome outcome) {
        ended[outcome.ordinal()].increment();
    }

    long endedCount(ExchangeOutcome outcome) {
        return ended[outcome.ordinal()].sum();
    }

    Map<EventExecutor, UpstreamConnector> connectorsView() {
        return connectors;
    }

    void upstreamRetried() {
        upstreamRetries.increment();
    }

    long upstreamRetries() {
        return upstreamRetries.sum();
    }

    void rangeWidened() {
        rangesWidened.increment();
    }

    long rangesWidened() {
        return rangesWidened.sum();
    }

    void webSocketOpened() {
        webSocketsOpened.increment();
    }

    long webSocketsOpened() {
        return webSocketsOpened.sum();
    }

    void tlsHandshakeFailed() {
        tlsHandshakeFailures.increment();
    }

    long tlsHandshakeFailures() {
        return tlsHandshakeFailures.sum();
    }

    /** The connector owned by {@code loop}; only ever used from that loop. */
    UpstreamConnector connector(EventLoop loop) {
        UpstreamConnector c = connectors.get(loop);
        if (c == null) {
            throw new IllegalStateException("no upstream connector for this event loop");
        }
        return c;
    }
}
