package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A body as a list of keyed values, scanned through a session the way a parser feeds one (tests that compare engines). */
final class KeyedValues {
    private KeyedValues() {
    }

    /**
     * One value, the key it sits under (null: free text) and the object it is a member of
     * (null: none; values of one object follow each other).
     */
    record Value(String key, byte[] bytes, Object container) {
        Value(String key, byte[] bytes) {
            this(key, bytes, null);
        }
    }

    /**
     * Every finding of {@code body} as "id@start-end path hash", each value fed in pieces of 1 to
     * {@code maxPiece} bytes drawn from {@code chunking}, with a flush after about one piece in four.
     */
    static List<String> findings(MatchEngine engine, List<Value> body, Random chunking, int maxPiece) {
        List<String> found = new ArrayList<>();
        try (ScanSession s = engine.newSession(Direction.RESPONSE, m -> found.add(m.id() + "@" + m.start() + "-"
                + m.end() + " " + m.path() + " " + m.valueHash()))) {
            long wire = 0;
            FieldContext field = new FieldContext();
            int k = 0;
            for (Value v : body) {
                field.clear().key(v.key()).container(v.container(), 0).path().append("$.v[").append(k++).append(']');
                s.beginValue(field);
                int off = 0;
                while (off < v.bytes().length) {
                    int len = Math.min(v.bytes().length - off, 1 + chunking.nextInt(maxPiece));
                    s.verbatim(v.bytes(), off, len, wire + off);
                    off += len;
                    if (chunking.nextInt(4) == 0) {
                        s.flush();
                    }
                }
                s.endValue();
                wire += v.bytes().length + 3;
            }
        }
        return found;
    }

    /** Asserts the same findings in the same order, naming those missing and those extra first. */
    static void assertSameFindings(List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertEquals(List.of(), missing, "findings missing (and only in the second: " + extra + ")");
        assertEquals(expected, actual);
    }
}
