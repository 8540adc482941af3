package dev.sluice.connector;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Waits between failed calls to the console: exponential from {@code initial} up to {@code max},
 * each wait drawn at random below its ceiling ("full jitter"), so that many Sluice instances that
 * lost the console together do not come back in step. A console's {@code Retry-After} is a floor.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after one more failure; {@code retryAfter} (may be null) raises it, within {@code max}. */
    Duration next(Duration retryAfter) {
        long ceiling = initial.toMillis() << Math.min(failures, 20);
        ceiling = Math.min(Math.max(ceiling, 1), max.toMillis());
        failures++;
        long wait = 1 + random.nextLong(ceiling);
        if (retryAfter != null) {
            wait = Math.max(wait, Math.min(retryAfter.toMillis(), max.toMillis()));
        }
        return Duration.ofMillis(wait);
    }

    /** A success: the next failure starts from {@code initial} again. */
    void reset() {
        failures = 0;
    }

    /** Failures since the last success. */
    int failures() {
        return failures;
    }
}
