package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.standalone.proxy.spi.FailMode;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void defaultsFollowTheDesignContract() {
        ProxyConfig c = ProxyConfig.builder().upstream("http://app:3000").build();
        assertEquals("0.0.0.0", c.listenHost());
        assertEquals(8080, c.listenPort());
        assertEquals("http://app:3000", c.upstream().toString());
        assertEquals(UpstreamProtocol.AUTO, c.upstreamProtocol());
        assertEquals(FailMode.CLOSED, c.failMode());
        assertEquals(Set.of(HttpProtocol.values()), c.allowedHttpVersions());
        assertTrue(c.allowedMethods().isEmpty());
        assertEquals(Duration.ofSeconds(60), c.readTimeout());
    }

    @Test
    void upstreamGetsItsDefaultPortAndRefusesWhatItCannotUse() {
        assertEquals("http://localhost:80", ProxyConfig.builder().upstream("http://localhost").build().upstream().toString());
        assertEquals("http://[::1]:81", ProxyConfig.builder().upstream("http://[::1]:81").build().upstream().toString());
        ProxyConfig tls = ProxyConfig.builder().upstream("HTTPS://api.internal").build();
        assertEquals("https://api.internal:443", tls.upstream().toString());
        assertTrue(tls.upstreamTls() != null, "an https upstream gets TLS with the JDK's trust store by default");
        assertEquals(null, ProxyConfig.builder().upstream("http://a:1").build().upstreamTls());
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder().upstream("http://a:1")
                .upstreamTls(UpstreamTls.systemTrust()).build(), "TLS settings for a cleartext upstream");
        for (String bad : List.of("ftp://x:1", "x:1", "http://x:1/path", "http://u@x:1", "http://", "http://x:1?q",
                "https://x:1/p")) {
            assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder().upstream(bad), bad);
        }
        assertThrows(IllegalStateException.class, () -> ProxyConfig.builder().build(), "upstream is required");
    }

    @Test
    void listenReadsHostPortAsTheEnvironmentGivesIt() {
        ProxyConfig c = ProxyConfig.builder().listen("127.0.0.1:9090").upstream("http://a:1").build();
        assertEquals("127.0.0.1", c.listenHost());
        assertEquals(9090, c.listenPort());
        assertEquals("::", ProxyConfig.builder().listen("[::]:8080").upstream("http://a:1").build().listenHost());
        for (String bad : List.of("8080", "host:", ":80", "h:99999", "h:x")) {
            assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder().listen(bad), bad);
        }
    }

    @Test
    void settingTwiceNamesTheEarlierValue() {
        ProxyConfig.Builder b = ProxyConfig.builder().readTimeout(Duration.ofSeconds(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.readTimeout(Duration.ofSeconds(4)));
        assertTrue(e.getMessage().contains("PT3S"), e.getMessage());
    }

    @Test
    void restrictionsAreValidatedAndNormalised() {
        ProxyConfig c = ProxyConfig.builder().upstream("http://a:1")
                .allowedMethods(List.of("GET", " POST "))
                .allowedRequestContentTypes(List.of("Application/JSON; charset=utf-8", "multipart/form-data"))
                .build();
        assertEquals(Set.of("GET", "POST"), c.allowedMethods());
        assertEquals(Set.of("application/json", "multipart/form-data"), c.allowedRequestContentTypes());
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder().allowedMethods(List.of("GE T")));
        assertThrows(IllegalArgumentException.class,
                () -> ProxyConfig.builder().allowedRequestContentTypes(List.of("json")));
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder().allowedHttpVersions(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder().readTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder().maxHeldBodyBytes(-1));
    }

    @Test
    void httpVersionNamesParseAsCrsWritesThem() {
        assertEquals(HttpProtocol.HTTP_2, HttpProtocol.parse("HTTP/2.0").orElseThrow());
        assertEquals(HttpProtocol.HTTP_1_0, HttpProtocol.parse(" http/1.0 ").orElseThrow());
        assertTrue(HttpProtocol.parse("HTTP/3").isEmpty());
    }
}
