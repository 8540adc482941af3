package dev.sluice.standalone.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An event's time in RFC 3339, UTC, with milliseconds ({@code 2026-01-02T03:04:05.678Z}).
 * Events come many per second, so the text up to the seconds is formatted once per second and
 * kept; only the milliseconds are written per event ({@link DateTimeFormatter} cost a microsecond
 * per event, a few percent of a small exchange's CPU). Thread-safe: the kept second is an
 * immutable value behind a volatile reference.
 */
final class EventTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Second(long epochSecond, String prefix) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String format(Instant t) {
        long second = t.getEpochSecond();
        Second s = last;
        if (s.epochSecond() != second) {
            s = new Second(second, SECONDS.format(t));
            last = s;
        }
        int millis = t.getNano() / 1_000_000;
        StringBuilder b = new StringBuilder(s.prefix().length() + 4).append(s.prefix());
        b.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
        return b.append('Z').toString();
    }
}
