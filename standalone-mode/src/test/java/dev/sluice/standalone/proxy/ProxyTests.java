package dev.sluice.standalone.proxy;

import java.time.Duration;

/** Settings shared by the proxy's end-to-end tests: loopback, a free port, short timeouts. */
final class ProxyTests {
    private ProxyTests() {
    }

    static ProxyConfig.Builder config(String upstreamUrl) {
        return ProxyConfig.builder()
                .listen("127.0.0.1", 0)
                .upstream(upstreamUrl)
                .ioThreads(2)
                .connectTimeout(Duration.ofSeconds(2));
    }
}
