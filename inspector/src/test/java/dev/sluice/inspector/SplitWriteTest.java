package dev.sluice.inspector;

import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.inspector.SessionRuns.Run;
import dev.sluice.matchers.Direction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Bodies dense with shapes whose matches begin right after a delimiter (a phone after a quote or
 * a value start, an AWS secret key that is a whole value, an injection after a quote), cut at
 * random: the library this engine scans with loses a match whose first two bytes are split
 * between two stream writes, so where the session ends its writes decides whether such a
 * finding survives a chunking. Each body must give the findings of one chunk.
 */
class SplitWriteTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String[] TOKENS = {"+1-555-0100", "+44 (20) 7946 0958", "(555) 555-0100", "0100-", "+1", "-5.6",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE", "' or 1=1--", "\" OR \"a\"=\"a", "x", " ",
        ",", "\"", "'", "\n", "7946", "4111 1111 1111 1111", "jane.doe@example.org", "\\n", "0958"};

    @RepeatedTest(30)
    void jsonValuesFindTheSameWhateverTheCuts(RepetitionInfo rep) {
        Random rnd = new Random(4100 + rep.getCurrentRepetition());
        StringBuilder sb = new StringBuilder("[");
        while (sb.length() < 6000) {
            StringBuilder v = new StringBuilder();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                v.append(TOKENS[rnd.nextInt(TOKENS.length)]);
            }
            sb.append(sb.length() > 1 ? "," : "").append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        assertChunkingInvariant("application/json", sb.append(']').toString(), rnd);
    }

    @RepeatedTest(30)
    void textFindsTheSameWhateverTheCuts(RepetitionInfo rep) {
        Random rnd = new Random(4200 + rep.getCurrentRepetition());
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 6000) {
            sb.append(TOKENS[rnd.nextInt(TOKENS.length)]);
        }
        assertChunkingInvariant("text/plain", sb.toString(), rnd);
    }

    private static void assertChunkingInvariant(String contentType, String text, Random rnd) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        for (Direction dir : Direction.values()) {
            Run whole = Run.of(SessionRuns.inspect(inspector, dir, contentType, null, body, Chunking.whole()));
            SessionRuns.assertSameRun(whole, Run.of(SessionRuns.inspectByteByByte(inspector, dir, contentType, null, body)),
                    contentType + " " + dir + ", one byte per chunk");
            for (int i = 0; i < 4; i++) {
                Chunking c = Chunking.random(rnd, body.length);
                SessionRuns.assertSameRun(whole, Run.of(SessionRuns.inspect(inspector, dir, contentType, null, body, c)),
                        contentType + " " + dir + ", " + c.name());
            }
        }
    }
}
