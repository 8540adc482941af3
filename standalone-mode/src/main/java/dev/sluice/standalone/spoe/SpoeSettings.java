package dev.sluice.standalone.spoe;

import dev.sluice.standalone.config.SluiceConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent's limits ({@code spoe.*} in {@code sluice.yaml}, defaults in {@link SluiceConfig}).
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>why</th></tr>
 *   <tr><td>{@code maxFrameSize}: largest frame the agent reads (HAProxy may offer less; the smaller
 *       one is agreed in the HELLO)</td><td>1 MiB</td><td>HAProxy's frames are at most its
 *       {@code tune.bufsize}; a larger one is refused before it is read into memory</td></tr>
 *   <tr><td>{@code helloTimeout}: time from connect to HAPROXY-HELLO</td><td>10 s</td>
 *       <td>a connection that never says hello holds nothing for long</td></tr>
 *   <tr><td>{@code idleTimeout}: time without a frame before a connection is closed</td><td>5 minutes</td>
 *       <td>HAProxy's {@code timeout idle} should be lower, so HAProxy closes first</td></tr>
 *   <tr><td>{@code threads}: I/O threads, which also inspect</td><td>processors</td><td>inspection is CPU work</td></tr>
 * </table>
 */
record SpoeSettings(int maxFrameSize, Duration helloTimeout, Duration idleTimeout, int threads) {
    /** Room in an ACK frame for everything but a redacted body. */
    static final int ACK_HEADROOM = 1024;

    SpoeSettings {
        if (maxFrameSize < Spop.MIN_FRAME_SIZE + ACK_HEADROOM || threads <= 0) {
            throw new IllegalArgumentException("SPOE frame size must be at least " + (Spop.MIN_FRAME_SIZE + ACK_HEADROOM)
                    + " and threads positive");
        }
        Objects.requireNonNull(helloTimeout, "helloTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (helloTimeout.isNegative() || helloTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("SPOE timeouts must be positive");
        }
    }

    /** The configured limits, with one I/O thread per processor. */
    static SpoeSettings of(SluiceConfig config) {
        return new SpoeSettings(config.spoeMaxFrameSize(), config.spoeHelloTimeout(), config.spoeIdleTimeout(),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
