package dev.sluice.grpc.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcTrailersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "plain text|plain text",
        "a%20b|a b",
        "100%25 sure|100% sure",
        "bad %zz and %2|bad %zz and %2",
        "trailing %|trailing %",
        "Sch%C3%A4fer|Schäfer",
        "broken %C3 utf8|broken \uFFFD utf8",
    })
    void percentDecodesTheMessage(String raw, String decoded) {
        assertEquals(decoded, GrpcTrailers.of(null, raw).message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|0", "13|13", " 2 |2", "x|-1", "-1|-1", "99999999999|-1", "''|-1"})
    void parsesTheStatus(String raw, int expected) {
        OptionalInt status = GrpcTrailers.of(raw, null).status();
        assertEquals(expected, status.orElse(-1));
    }

    @Test
    void readsHeaderMapsCaseInsensitively() {
        GrpcTrailers t = GrpcTrailers.from(Map.of("Grpc-Status", "16", "GRPC-MESSAGE", "token%3Dabc", "other", "x"));
        assertEquals(16, t.status().getAsInt());
        assertEquals("token=abc", t.message());
        assertArrayEquals("token=abc".getBytes(StandardCharsets.UTF_8), t.messageBytes());
    }

    @Test
    void absentValuesGiveNone() {
        GrpcTrailers t = GrpcTrailers.from(Map.of("content-type", "application/grpc"));
        assertEquals(GrpcTrailers.none(), t);
        assertTrue(t.status().isEmpty());
        assertFalse(t.hasMessage());
        assertNull(t.message());
        assertEquals(0, t.messageBytes().length);
    }

    @Test
    void toStringNeverShowsTheMessage() {
        String s = GrpcTrailers.of("3", "password%3Dhunter2").toString();
        assertFalse(s.contains("hunter2"), s);
        assertTrue(s.contains("status=3"), s);
    }

    @Test
    void messageIsCutAtTheLimit() {
        GrpcTrailers t = GrpcTrailers.of("2", "a".repeat(GrpcTrailers.MAX_MESSAGE_BYTES + 10));
        assertEquals(GrpcTrailers.MAX_MESSAGE_BYTES, t.messageBytes().length);
    }

    @Test
    void parsesAGrpcWebTrailerBlock() {
        byte[] block = "grpc-status:0\r\ngrpc-message: fine \r\n".getBytes(StandardCharsets.US_ASCII);
        GrpcTrailers t = GrpcTrailers.parseBlock(block, 0, block.length);
        assertEquals(0, t.status().getAsInt());
        assertEquals("fine", t.message());
    }
}
