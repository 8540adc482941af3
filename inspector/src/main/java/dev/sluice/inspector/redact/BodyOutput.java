package dev.sluice.inspector.redact;

/**
 * Receives a body as it should be forwarded, in order, as soon as bytes are safe to release
 * (no finding still pending can cover them). The bytes are borrowed for the call only.
 */
@FunctionalInterface
public interface BodyOutput {
    void write(byte[] buf, int off, int len);
}
