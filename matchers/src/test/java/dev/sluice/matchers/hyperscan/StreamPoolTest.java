package dev.sluice.matchers.hyperscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Native streams are rewound and reused between bodies: a reused stream must start as a new one
 * (nothing of the previous body carries over), report end-of-data matches on close as before, and
 * survive a handler that throws.
 */
class StreamPoolTest {
    static PatternDatabase db;
    static StreamScanner scanner;

    @BeforeAll
    static void compile() {
        // id 0: a token split across bodies must not match; id 1: only the end of data completes it.
        db = PatternDatabase.compile(List.of(new PatternDatabase.Expression("AKIA[0-9A-Z]{16}", false, true),
                new PatternDatabase.Expression("tail[0-9]+$", false, true)));
        scanner = new StreamScanner(db);
    }

    @AfterAll
    static void free() {
        db.close();
    }

    /** Matches as {@code id:from-to}, end-of-data ones included. */
    private static List<String> body(String... chunks) {
        List<String> out = new ArrayList<>();
        MatchHandler h = (id, from, to) -> out.add(id + ":" + from + "-" + to);
        try (StreamScanner.Stream s = scanner.open()) {
            for (String c : chunks) {
                byte[] b = c.getBytes(StandardCharsets.US_ASCII);
                s.scan(b, 0, b.length, h);
            }
            s.close(h);
        }
        return out;
    }

    @Test
    void aReusedStreamCarriesNothingOfThePreviousBody() {
        assertEquals(List.of(), body("x AKIA2E3MZR7"));
        assertEquals(List.of(), body("TQX5LWB4N y"), "the rest of a key in the next body is not a key");
        assertEquals(List.of("0:2-22"), body("x AKIA2E3MZR7", "TQX5LWB4N y"));
    }

    @Test
    void endOfDataMatchesAreReportedOnCloseEveryTime() {
        for (int i = 0; i < 3 * StreamScanner.POOL; i++) {
            assertEquals(List.of("1:4-10"), body("abc tail42"));
        }
    }

    @Test
    void aHandlerThatThrowsLeavesTheNextBodyClean() {
        StreamScanner.Stream s = scanner.open();
        byte[] b = "AKIA2E3MZR7TQX5LWB4N".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IllegalStateException.class, () -> s.scan(b, 0, b.length, (id, from, to) -> {
            throw new IllegalStateException("handler");
        }));
        s.close();
        assertEquals(List.of("0:0-20"), body("AKIA2E3MZR7TQX5LWB4N"));
    }

    /** More bodies open at once than the pool keeps, closed in any order: each sees only its own bytes. */
    @RepeatedTest(value = 20, name = "seed {currentRepetition}")
    void interleavedBodiesStayApart(RepetitionInfo info) {
        Random random = new Random(0x9001L + info.getCurrentRepetition());
        int n = 1 + random.nextInt(2 * StreamScanner.POOL);
        List<StreamScanner.Stream> open = new ArrayList<>();
        List<List<String>> found = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            open.add(scanner.open());
            found.add(new ArrayList<>());
        }
        byte[] head = "AKIA2E3MZR7".getBytes(StandardCharsets.US_ASCII);
        byte[] rest = "TQX5LWB4N".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            List<String> f = found.get(i);
            open.get(i).scan(head, 0, head.length, (id, from, to) -> f.add(id + ":" + from + "-" + to));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        for (int i : order) {
            List<String> f = found.get(i);
            MatchHandler h = (id, from, to) -> f.add(id + ":" + from + "-" + to);
            if (i % 2 == 0) {
                open.get(i).scan(rest, 0, rest.length, h);
            }
            open.get(i).close(h);
            assertEquals(i % 2 == 0 ? List.of("0:0-20") : List.of(), f, "body " + i);
            assertEquals(List.of(), body("TQX5LWB4N"), "a body after a close starts clean");
        }
    }
}
