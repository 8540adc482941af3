package dev.sluice.standalone.events;

import dev.sluice.matchers.Labels;

/**
 * What became of one body on the wire, for the event's {@code delivery} field: it went on as it
 * came ({@code forwarded}), went on with values replaced ({@code redacted}), was refused before
 * anything of it reached the other side ({@code blocked}: a 403 or a gRPC
 * {@code PERMISSION_DENIED}), or was cut off after its head had left ({@code reset}: HTTP/2
 * {@code RST_STREAM} or a closed HTTP/1.1 connection, never a silent truncation).
 */
public enum Delivery {
    FORWARDED, REDACTED, BLOCKED, RESET;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    public String label() {
        return label;
    }
}
