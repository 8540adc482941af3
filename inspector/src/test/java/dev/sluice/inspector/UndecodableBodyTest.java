package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request whose body is not in the coding its Content-Encoding names (plain JSON labelled
 * {@code br}) reaches a service that does not decode request codings as it was sent; its coding
 * failing, Sluice reads it as sent too, so the attack in it is found, at any chunking.
 */
class UndecodableBodyTest {
    private static final byte[] ATTACK = "{\"q\":\"0 UNION SELECT username, password FROM users--\",\"card\":\"4111 1111 1111 1111\"}"
            .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "x-gzip", "br", "deflate", "zstd", "identity, gzip"})
    void aBodyNotInItsCodingIsReadAsSent(String coding) {
        Random random = new Random(coding.hashCode());
        List<String> expected = List.of("attack.sqli", "credit_card");
        for (int round = 0; round < 20; round++) {
            Chunking chunking = round == 0 ? Chunking.whole() : Chunking.random(random, ATTACK.length);
            InspectionResult r = SessionRuns.inspect(BuiltinEngine.inspector(), Direction.REQUEST, "application/json",
                    coding, ATTACK, chunking);
            assertEquals(expected, ids(r), coding + ", " + chunking.name());
            assertNotEquals(Outcome.COMPLETE, r.outcome(), "the coding's failure stands for the fail rule");
        }
    }

    @Test
    void aBodyInItsCodingIsReadOnceDecoded() throws IOException {
        InspectionResult r = SessionRuns.inspect(BuiltinEngine.inspector(), Direction.REQUEST, "application/json",
                "gzip", gzip(ATTACK), Chunking.whole());
        assertEquals(List.of("attack.sqli", "credit_card"), ids(r));
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void aBodyLongerThanWhatIsKeptIsNotReadAgain() {
        Inspector small = BuiltinEngine.inspector(InspectionLimits.builder().maxHeldBytes(32).build());
        InspectionResult r = SessionRuns.inspect(small, Direction.REQUEST, "application/json", "br", ATTACK,
                Chunking.whole());
        assertEquals(List.of(), ids(r));
        assertNotEquals(Outcome.COMPLETE, r.outcome());
    }

    private static List<String> ids(InspectionResult r) {
        return r.findings().stream().map(Finding::id).distinct().sorted().toList();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
