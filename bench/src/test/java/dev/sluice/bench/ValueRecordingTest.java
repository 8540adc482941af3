package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.Match;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.matchers.ScanSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The matchers-alone benchmark measures the work of a full inspection minus parsing, or its figure means nothing. */
class ValueRecordingTest {
    /** One engine for the class; JUnit closes it (and its native databases) after the last test. */
    @AutoClose
    private static final MatchEngine engine = MatchEngine.builtin();

    @Test
    void replayingTheRecordedValuesFindsWhatAFullInspectionFinds() {
        byte[] body = RepeatedJsonBody.build(LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir()), 512 * 1024);
        InspectionLimits limits = InspectionLimits.defaults();
        InspectionResult full = JsonInspectionBenchmark.inspect(new Inspector(engine, limits), body);

        ValueRecording rec = ValueRecording.ofJsonBody(body, JsonInspectionBenchmark.CHUNK, limits);
        List<Match> replayed = new ArrayList<>();
        try (ScanSession session = engine.newSession(Direction.RESPONSE, replayed::add)) {
            rec.replayInto(session);
        }
        replayed.sort(Comparator.comparingLong(Match::start).thenComparingLong(Match::end));

        assertTrue(full.findings().size() > 100, "the corpus body has findings: " + full.findings().size());
        assertEquals(full.findings().size(), replayed.size());
        for (int i = 0; i < replayed.size(); i++) {
            Finding f = full.findings().get(i);
            Match m = replayed.get(i);
            assertEquals(f.id() + "@" + f.start() + ".." + f.end() + " " + f.path(),
                    m.id() + "@" + m.start() + ".." + m.end() + " " + m.path());
        }
    }

    @Test
    void theParserAloneSeesTheRecordedBytes() {
        byte[] body = RepeatedJsonBody.build(LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir()), 256 * 1024);
        ValueRecording rec = ValueRecording.ofJsonBody(body, JsonInspectionBenchmark.CHUNK,
                InspectionLimits.defaults());
        CountingSink counter = new CountingSink();

        JsonBodyFeeder.requireComplete(JsonBodyFeeder.parse(body, JsonInspectionBenchmark.CHUNK,
                InspectionLimits.defaults(), counter, () -> { }));

        assertEquals(rec.values(), counter.values);
        assertEquals(rec.decodedBytes(), counter.bytes);
    }
}
