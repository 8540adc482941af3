package dev.sluice.standalone.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.policy.identity.HeaderLookup;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Correlation}: the request id and trace id are taken only in their narrow shapes. */
class CorrelationTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @Test
    void theIdsOfARequestAreTakenAsSent() {
        Correlation c = Correlation.of(HeaderLookup.of(Map.of("X-Request-Id", "6a5e1f3c-9d2b-4c1e-8f7a-0b1c2d3e4f50",
                "traceparent", PARENT)));
        assertEquals("6a5e1f3c-9d2b-4c1e-8f7a-0b1c2d3e4f50", c.requestId());
        assertEquals(TRACE, c.traceId());
        assertSame(Correlation.NONE, Correlation.of(HeaderLookup.NONE));
        assertEquals(TRACE, Correlation.traceId(" " + PARENT + " "), "optional whitespace around a field value");
    }

    @Test
    void anythingElseIsLeftOut() {
        for (String bad : new String[] {"", "a b", "quote\"d", "back\\slash", "tab\there", "é", "x".repeat(129)}) {
            assertNull(Correlation.requestId(bad), bad);
        }
        assertEquals("x".repeat(128), Correlation.requestId("x".repeat(128)));
        for (String bad : new String[] {
            "01-" + TRACE + "-00f067aa0ba902b7-01",                    // another version: its shape may differ
            "00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01",      // upper case is invalid
            "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",           // an all-zero trace id is invalid
            "00-" + TRACE + "-00f067aa0ba902b7",                       // cut short
            "00-" + TRACE + "-00f067aa0ba902b7-01-extra",
            "00_" + TRACE + "_00f067aa0ba902b7_01",
        }) {
            assertNull(Correlation.traceId(bad), bad);
        }
    }

    /** Random bytes in the headers never throw and never come out other than in the narrow shapes. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void randomHeaderValuesGiveAShapedIdOrNone(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder v = new StringBuilder();
            int n = random.nextInt(70);
            for (int k = 0; k < n; k++) {
                v.append((char) (random.nextBoolean() ? random.nextInt(32, 127) : random.nextInt(0, 0x3000)));
            }
            String request = Correlation.requestId(v.toString());
            assertTrue(request == null || request.equals(v.toString()) && request.chars().allMatch(c -> c > ' ' && c < 127));
            String trace = Correlation.traceId("00-" + v + "-00f067aa0ba902b7-01");
            assertTrue(trace == null || trace.matches("[0-9a-f]{32}") && !trace.equals("0".repeat(32)), trace);
        }
    }
}
