package dev.sluice.standalone.extproc;

import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;

/**
 * How Envoy sends one body, as its {@code ProcessingMode.BodySendMode} says; decides how many
 * body messages come and what each answer may carry.
 */
enum BodyMode {
    /** Bodies are not sent. */
    NONE,
    /** Chunks as they arrive; each answered with a body response that may replace that chunk. */
    STREAMED,
    /** The whole body in one message, the headers held until it is answered. */
    BUFFERED,
    /** One message with the body up to Envoy's buffer limit; the rest passes without Sluice. */
    BUFFERED_PARTIAL,
    /** Chunks as they arrive; Sluice sends the body back as streamed responses, in its own time. */
    FULL_DUPLEX_STREAMED;

    /** The mode for {@code m}, or null when Sluice does not know it (a newer Envoy's mode, a bad value). */
    static BodyMode of(BodySendMode m) {
        return switch (m) {
            case NONE -> NONE;
            case STREAMED -> STREAMED;
            case BUFFERED -> BUFFERED;
            case BUFFERED_PARTIAL -> BUFFERED_PARTIAL;
            case FULL_DUPLEX_STREAMED -> FULL_DUPLEX_STREAMED;
            default -> null;
        };
    }

    BodySendMode proto() {
        return BodySendMode.valueOf(name());
    }

    /** True when the body comes in one message and the headers wait for its answer (a 403 is still clean). */
    boolean holdsHeaders() {
        return this == BUFFERED || this == BUFFERED_PARTIAL;
    }
}
