package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.InsecureChannelCredentials;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReflectionResolverBuilderTest {

    @Test
    void needsExactlyOneUpstream() {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> ReflectionResolver.builder().build());
        assertEquals("no upstream: call channel(...) or target(...)", none.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> ReflectionResolver.builder()
                .plaintext("127.0.0.1:1").target("127.0.0.1:2", InsecureChannelCredentials.create()));
        assertEquals("upstream already set to target 127.0.0.1:1", twice.getMessage());
        try (var server = ReflectionServer.start()) {
            IllegalStateException both = assertThrows(IllegalStateException.class, () -> ReflectionResolver.builder()
                    .plaintext("127.0.0.1:1").channel(server.channel()));
            assertEquals("upstream already set to target 127.0.0.1:1", both.getMessage());
        }
    }

    @Test
    void rejectsLimitsOutOfRangeNamingTheSetting() {
        ReflectionResolverBuilder builder = ReflectionResolver.builder();
        assertEquals("timeout must be between PT0.001S and PT1M, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> builder.timeout(Duration.ZERO)).getMessage());
        assertEquals("negativeTtl must be between PT0.001S and PT24H, was PT25H",
                assertThrows(IllegalArgumentException.class, () -> builder.negativeTtl(Duration.ofHours(25))).getMessage());
        assertEquals("maxFiles must be between 1 and 10000, was 0",
                assertThrows(IllegalArgumentException.class, () -> builder.maxFiles(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.maxBytes(100));
        assertThrows(IllegalArgumentException.class, () -> builder.maxCachedBytes(1));
        assertThrows(IllegalArgumentException.class, () -> builder.maxConcurrentLookups(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxCacheEntries(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxTypes(0));
        assertThrows(IllegalArgumentException.class, () -> builder.positiveTtl(Duration.ofMillis(-1)));
    }
}
