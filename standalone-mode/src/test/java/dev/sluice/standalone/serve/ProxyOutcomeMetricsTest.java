package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice_proxy_exchanges_total{outcome}}: every exchange through {@code sluice serve} is
 * counted once by how it ended, the proxy's own refusals and the upstream's failures included,
 * which no body's event reports.
 */
class ProxyOutcomeMetricsTest {
    @TempDir
    Path dir;
    private HttpServer upstream;
    private ServeRuntime serve;

    @AfterEach
    void stop() {
        ServeTests.stop(serve, upstream);
    }

    private double outcome(String name) throws Exception {
        String scrape = new String(ServeTests.get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        return ServeTests.metric(scrape, "sluice_proxy_exchanges_total", "outcome=\"" + name + "\"");
    }

    @Test
    void eachExchangeIsCountedOnceByHowItEnded() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        upstream = ServeTests.recordingUpstream(received, ex -> ex.getRequestURI().getPath());
        serve = ServeTests.serveDefault(upstream.getAddress().getPort(), dir.resolve("events.jsonl"),
                b -> b.maxRequestBodyBytes(64));
        String proxy = ServeTests.proxyUrl(serve, "");
        assertEquals(200, ServeTests.get(proxy + "/a").statusCode());
        assertEquals(200, ServeTests.get(proxy + "/b").statusCode());
        assertEquals(413, ServeTests.postJson(proxy + "/upload", "{\"note\":\"" + "n".repeat(100) + "\"}")
                .statusCode());
        assertEquals(403, ServeTests.get(proxy + "/search?q=0%20UNION%20SELECT%20username,password%20FROM%20users--")
                .statusCode());
        upstream.stop(0);
        assertEquals(502, ServeTests.get(proxy + "/c").statusCode());

        for (int wait = 0; wait < 40 && outcome("completed") < 2; wait++) {
            Thread.sleep(50); // an exchange is counted as its last byte leaves, which the client may read first
        }
        assertEquals(2, outcome("completed"));
        assertEquals(1, outcome("refused"));
        assertEquals(1, outcome("blocked"));
        assertEquals(1, outcome("upstream_failed"));
        assertEquals(0, outcome("upstream_timeout"));
        assertEquals(List.of("/a", "/b"), received);
    }
}
