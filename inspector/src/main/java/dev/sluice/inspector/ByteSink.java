package dev.sluice.inspector;

/**
 * A stage of the inspection pipeline that takes body bytes in order: a decompressor, a body
 * parser. Buffers are borrowed for the duration of the call only; a stage copies what it
 * must keep. A stage never throws on hostile input: it records an {@link Outcome} on the
 * session's {@link OutcomeRecorder} and stops or degrades as its Javadoc says.
 */
public interface ByteSink {

    /** Takes {@code len} bytes of {@code buf} from {@code off}. */
    void write(byte[] buf, int off, int len);

    /** The body ended; flush anything pending. Called once; no write follows. */
    void end();
}
