package dev.sluice.standalone.extproc;

import java.time.Duration;

/**
 * The parts of an Envoy ext_proc filter configuration that shape the protocol, as the harness
 * plays them: body modes, trailer modes, observability mode, mode overrides, the message
 * timeout, the buffer limit of the buffered modes, whether the first message carries
 * {@code protocol_config} (Envoy 1.34+), and {@code failure_mode_allow}.
 */
record EnvoyFilterConfig(BodyMode requestBody, BodyMode responseBody, boolean sendTrailers, boolean observability,
                         boolean allowModeOverride, Duration messageTimeout, int bufferLimit,
                         boolean sendProtocolConfig, boolean failureModeAllow) {
    static EnvoyFilterConfig of(BodyMode request, BodyMode response) {
        return new EnvoyFilterConfig(request, response, request == BodyMode.FULL_DUPLEX_STREAMED
                || response == BodyMode.FULL_DUPLEX_STREAMED, false, true, Duration.ofSeconds(5), 1 << 20, true, false);
    }

    static EnvoyFilterConfig both(BodyMode mode) {
        return of(mode, mode);
    }

    EnvoyFilterConfig trailers(boolean on) {
        return new EnvoyFilterConfig(requestBody, responseBody, on, observability, allowModeOverride, messageTimeout,
                bufferLimit, sendProtocolConfig, failureModeAllow);
    }

    EnvoyFilterConfig observe() {
        return new EnvoyFilterConfig(requestBody, responseBody, sendTrailers, true, allowModeOverride, messageTimeout,
                bufferLimit, sendProtocolConfig, failureModeAllow);
    }

    EnvoyFilterConfig bufferLimit(int bytes) {
        return new EnvoyFilterConfig(requestBody, responseBody, sendTrailers, observability, allowModeOverride,
                messageTimeout, bytes, sendProtocolConfig, failureModeAllow);
    }

    EnvoyFilterConfig withoutProtocolConfig() {
        return new EnvoyFilterConfig(requestBody, responseBody, sendTrailers, observability, allowModeOverride,
                messageTimeout, bufferLimit, false, failureModeAllow);
    }

    EnvoyFilterConfig messageTimeout(Duration d) {
        return new EnvoyFilterConfig(requestBody, responseBody, sendTrailers, observability, allowModeOverride, d,
                bufferLimit, sendProtocolConfig, failureModeAllow);
    }

    @Override
    public String toString() {
        return "req=" + requestBody + " resp=" + responseBody + (sendTrailers ? " trailers" : "")
                + (observability ? " observability" : "") + (sendProtocolConfig ? "" : " no-protocol-config");
    }
}
