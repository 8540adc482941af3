package dev.sluice.standalone.spoe;

/**
 * A frame the agent cannot process. {@code status} is the SPOP status code the agent's
 * AGENT-DISCONNECT frame carries ({@link Spop#STATUS_INVALID_FRAME} and the others); the
 * connection ends after it.
 */
final class SpopException extends RuntimeException {
    private final int status;

    SpopException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
