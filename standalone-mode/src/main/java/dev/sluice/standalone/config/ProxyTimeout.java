package dev.sluice.standalone.config;

import dev.sluice.standalone.proxy.ProxyConfig;
import java.time.Duration;

/**
 * The proxy's timeouts that {@code sluice.yaml} and the environment may set; unset ones keep the
 * proxy's defaults ({@link ProxyConfig}). Each accepts 1 ms to 1 h.
 */
public enum ProxyTimeout {
    /** Connecting to the upstream; past it the client gets 502. */
    CONNECT("connect_timeout"),
    /** Waiting for the upstream's response head; past it the client gets 504. */
    READ("read_timeout"),
    /** A connection with nothing in flight is closed after this. */
    IDLE("idle_timeout"),
    /** Between two pieces of a feed or a gRPC answer, once its headers left; past it, a reset. */
    STREAM_IDLE("stream_idle_timeout"),
    /** A client's whole request head must arrive within this (slowloris); past it, 408. */
    REQUEST_HEAD("request_head_timeout");

    static final Duration MIN = Duration.ofMillis(1);
    static final Duration MAX = Duration.ofHours(1);

    private final String key;

    ProxyTimeout(String key) {
        this.key = key;
    }

    /** The key under {@code proxy:} in sluice.yaml. */
    public String key() {
        return key;
    }

    static Duration check(Duration d) {
        if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be between 1ms and 1h");
        }
        return d;
    }

    void apply(ProxyConfig.Builder b, Duration d) {
        switch (this) {
            case CONNECT -> b.connectTimeout(d);
            case READ -> b.readTimeout(d);
            case IDLE -> b.idleTimeout(d);
            case STREAM_IDLE -> b.streamIdleTimeout(d);
            case REQUEST_HEAD -> b.requestHeadTimeout(d);
        }
    }
}
