package dev.sluice.standalone.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The kept second never leaks into the next: every instant reads as the full formatter writes it. */
class EventTimeTest {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void millisecondsArePaddedAndTruncated() {
        EventTime t = new EventTime();
        assertEquals("2026-03-04T05:06:07.000Z", t.format(Instant.parse("2026-03-04T05:06:07Z")));
        assertEquals("2026-03-04T05:06:07.009Z", t.format(Instant.parse("2026-03-04T05:06:07.009999999Z")));
        assertEquals("2026-03-04T05:06:07.999Z", t.format(Instant.parse("2026-03-04T05:06:07.999999999Z")));
        assertEquals("2026-03-04T05:06:08.010Z", t.format(Instant.parse("2026-03-04T05:06:08.010Z")));
        assertEquals("1969-12-31T23:59:59.500Z", t.format(Instant.parse("1969-12-31T23:59:59.500Z")));
    }

    @RepeatedTest(20)
    void anySequenceOfInstantsMatchesTheFullFormatter(RepetitionInfo run) {
        SplittableRandom rnd = new SplittableRandom(run.getCurrentRepetition());
        EventTime t = new EventTime();
        long second = 1_700_000_000L + rnd.nextLong(100_000_000L);
        for (int i = 0; i < 500; i++) {
            // Mostly the same or the next second, as events come; sometimes a jump either way.
            int step = rnd.nextInt(10);
            second += step < 6 ? 0 : step < 9 ? 1 : rnd.nextLong(-100_000, 100_000);
            Instant at = Instant.ofEpochSecond(second, rnd.nextInt(1_000_000_000));
            assertEquals(FULL.format(at), t.format(at), at.toString());
        }
    }
}
