package dev.sluice.grpc.reflect;

import java.time.Duration;
import java.util.Objects;

/**
 * Reported once per lookup that asked the upstream (never for cache hits), for logs and metrics.
 * Carries names and status codes only.
 *
 * @param symbol   the service or message full name looked up
 * @param outcome  how it ended
 * @param detail   log-safe reason
 * @param version  the protocol version tried first on the next lookup, i.e. the one the server
 *                 was last seen to speak (v1 until a server answered v1alpha)
 * @param elapsed  wall time of the lookup
 * @param files    files built on success; 0 on failure
 */
public record LookupEvent(String symbol, LookupOutcome outcome, String detail,
                          ReflectionVersion version, Duration elapsed, int files) {
    public LookupEvent {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
