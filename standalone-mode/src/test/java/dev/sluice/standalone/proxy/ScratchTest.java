package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void run() throws Exception {
        try (TestUpstream up = TestUpstream.start();
             SidecarProxy p = SidecarProxy.start(ProxyTests.config(up.url()).build(), PassThroughFilter.INSTANCE)) {
            for (String m : List.of("8", "1", "8", "1")) {
                Cli.Result r = Cli.run(Duration.ofSeconds(60), null, List.of("h2load", "-n", "2000", "-c", "8", "-m", m, "http://127.0.0.1:" + p.port() + "/json/small.json"));
                System.out.println("m=" + m + " " + r.text().lines().filter(l -> l.startsWith("finished") || l.startsWith("time for request")).toList() + " upstream conns " + up.connections());
            }
        }
    }
}
