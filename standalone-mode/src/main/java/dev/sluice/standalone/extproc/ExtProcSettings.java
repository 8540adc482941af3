package dev.sluice.standalone.extproc;

import dev.sluice.standalone.config.SluiceConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The ext_proc server's limits.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>why</th></tr>
 *   <tr><td>{@code maxMessageBytes}: largest message Envoy may send (a buffered body)</td>
 *       <td>{@code limits.max_held_body} + 64 KiB</td><td>a bigger one fails the stream (RESOURCE_EXHAUSTED)
 *       before it is read into memory</td></tr>
 *   <tr><td>{@code releaseLimit}: bytes a rewriting inspection may release into one answer</td>
 *       <td>the larger of {@code limits.max_held_body} and {@code limits.max_decompressed}, + 64 KiB</td>
 *       <td>a decoded body may be larger than its encoded form</td></tr>
 *   <tr><td>{@code idleTimeout}: time without a message from Envoy before a stream is ended</td>
 *       <td>5 minutes</td><td>a stream Envoy forgot must not hold an inspection forever</td></tr>
 *   <tr><td>{@code threads}: threads handling messages</td><td>2 × processors</td><td>inspection is CPU work</td></tr>
 * </table>
 */
record ExtProcSettings(int maxMessageBytes, long releaseLimit, Duration idleTimeout, int threads) {
    static final int HEADROOM = 64 * 1024;
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    ExtProcSettings {
        if (maxMessageBytes <= 0 || releaseLimit <= 0 || threads <= 0) {
            throw new IllegalArgumentException("ext_proc limits must be positive");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
        }
    }

    static ExtProcSettings of(SluiceConfig config) {
        long held = config.maxHeldBodyBytes();
        int maxMessage = (int) Math.min(Integer.MAX_VALUE - HEADROOM, held) + HEADROOM;
        long release = Math.max(held, config.maxDecompressedBytes()) + HEADROOM;
        return new ExtProcSettings(maxMessage, release, DEFAULT_IDLE_TIMEOUT,
                Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** The largest body Envoy can hand over buffered in one message: what this server can hold. */
    long heldBodyBytes() {
        return Math.max(0, maxMessageBytes - HEADROOM);
    }

    ExtProcSettings withIdleTimeout(Duration d) {
        return new ExtProcSettings(maxMessageBytes, releaseLimit, d, threads);
    }

    ExtProcSettings withReleaseLimit(long bytes) {
        return new ExtProcSettings(maxMessageBytes, bytes, idleTimeout, threads);
    }

    ExtProcSettings withMaxMessageBytes(int bytes) {
        return new ExtProcSettings(bytes, releaseLimit, idleTimeout, threads);
    }
}
