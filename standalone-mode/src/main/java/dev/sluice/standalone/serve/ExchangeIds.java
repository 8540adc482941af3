package dev.sluice.standalone.serve;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exchange ids for events and block answers: a random prefix per process, so ids of two restarts or
 * two replicas do not collide in one log, then a counter ({@code 3f9a0c-1b}). Thread-safe.
 */
final class ExchangeIds {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    private ExchangeIds(String prefix) {
        this.prefix = prefix;
    }

    static ExchangeIds random() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return new ExchangeIds(HexFormat.of().formatHex(b) + "-");
    }

    String next() {
        return prefix + Long.toString(next.incrementAndGet(), 36);
    }
}
