package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.matchers.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs bodies through a real {@link InspectionSession} under a chosen chunking: the harness of
 * the end-to-end tests. Every chunk is a fresh copy of its bytes, so a stage that reads past the
 * bytes it was lent, or keeps a reference to them after the call, shows up as a difference
 * between chunkings.
 */
final class SessionRuns {
    private SessionRuns() {
    }

    /** How a body is cut into chunks: the ascending offsets where a new chunk starts. */
    record Chunking(String name, int[] cuts) {
        static Chunking whole() {
            return new Chunking("one chunk", new int[0]);
        }

        /** Cuts at {@code cuts}; offsets outside (0, length) and repeats are ignored when feeding. */
        static Chunking at(String name, int[] cuts) {
            return new Chunking(name, cuts.clone());
        }

        /** Between 1 and 64 cuts at uniformly drawn offsets; a short body may get a cut at every byte. */
        static Chunking random(Random random, int length) {
            if (length < 2) {
                return whole();
            }
            int n = 1 + random.nextInt(Math.min(64, length - 1));
            int[] cuts = new int[n];
            for (int i = 0; i < n; i++) {
                cuts[i] = 1 + random.nextInt(length - 1);
            }
            Arrays.sort(cuts);
            return new Chunking("random cuts " + Arrays.toString(cuts), cuts);
        }
    }

    /** What one inspection gave, with everything the chunking must not change. */
    record Run(List<Finding> findings, Outcome outcome, long inspectedBytes) {
        static Run of(InspectionResult r) {
            return new Run(r.findings(), r.outcome(), r.inspectedBytes());
        }
    }

    static InspectionResult inspect(Inspector inspector, Direction direction, String contentType,
            String contentEncoding, byte[] body, Chunking chunking) {
        return inspect(inspector, BodySpec.builder(direction).contentType(contentType)
                .contentEncoding(contentEncoding).build(), body, chunking);
    }

    static InspectionResult inspect(Inspector inspector, BodySpec spec, byte[] body, Chunking chunking) {
        try (InspectionSession s = inspector.open(spec)) {
            feed(s, body, chunking);
            return s.finish();
        }
    }

    /** Feeds {@code body} to {@code s} cut as {@code chunking} says, each chunk a fresh copy. */
    static void feed(InspectionSession s, byte[] body, Chunking chunking) {
        int from = 0;
        for (int cut : chunking.cuts()) {
            if (cut > from && cut < body.length) {
                s.feed(Arrays.copyOfRange(body, from, cut), 0, cut - from);
                from = cut;
            }
        }
        s.feed(Arrays.copyOfRange(body, from, body.length), 0, body.length - from);
    }

    /** Feeds one byte per call, each in a buffer wiped after the call, so nobody can keep it. */
    static InspectionResult inspectByteByByte(Inspector inspector, Direction direction, String contentType,
            String contentEncoding, byte[] body) {
        return inspectByteByByte(inspector, BodySpec.builder(direction).contentType(contentType)
                .contentEncoding(contentEncoding).build(), body);
    }

    static InspectionResult inspectByteByByte(Inspector inspector, BodySpec spec, byte[] body) {
        try (InspectionSession s = inspector.open(spec)) {
            byte[] one = new byte[3];
            for (byte b : body) {
                one[1] = b;
                s.feed(one, 1, 1);
                one[1] = 0;
            }
            return s.finish();
        }
    }

    /**
     * Asserts that {@code actual} equals {@code expected}; on failure names the outcome, the byte
     * count and the findings only one side has, rather than printing both lists whole.
     */
    static void assertSameRun(Run expected, Run actual, String context) {
        if (expected.equals(actual)) {
            return;
        }
        List<Finding> missing = new ArrayList<>(expected.findings());
        missing.removeAll(actual.findings());
        List<Finding> extra = new ArrayList<>(actual.findings());
        extra.removeAll(expected.findings());
        fail(context + ": outcome " + expected.outcome() + " vs " + actual.outcome() + ", inspected "
                + expected.inspectedBytes() + " vs " + actual.inspectedBytes() + ", findings " + expected.findings().size()
                + " vs " + actual.findings().size() + "; missing " + head(missing) + "; extra " + head(extra));
    }

    private static String head(List<Finding> findings) {
        return findings.size() <= 4 ? findings.toString()
                : findings.subList(0, 4) + " and " + (findings.size() - 4) + " more";
    }

    /** Asserts there is exactly one finding of {@code id}, spanning {@code [start, end)}, and returns it. */
    static Finding onlyFindingAt(InspectionResult r, String id, long start, long end) {
        List<Finding> f = findingsOf(r, id);
        assertEquals(1, f.size(), () -> "one " + id + " in " + r.findings() + " (" + r.outcome() + ")");
        assertEquals(start, f.getFirst().start(), id + " start");
        assertEquals(end, f.getFirst().end(), id + " end");
        return f.getFirst();
    }

    /** Findings of {@code id}, in order. */
    static List<Finding> findingsOf(InspectionResult r, String id) {
        return r.findings().stream().filter(f -> f.id().equals(id)).toList();
    }

    /** Where {@code needle} first stands in {@code hay} at or after {@code from}, or -1. */
    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Where {@code needle} first stands in {@code body}; fails the test when it is not there. */
    static int offsetOf(byte[] body, byte[] needle) {
        int at = indexOf(body, needle, 0);
        if (at < 0) {
            throw new AssertionError("not in the body: " + java.util.HexFormat.of().formatHex(needle));
        }
        return at;
    }
}
