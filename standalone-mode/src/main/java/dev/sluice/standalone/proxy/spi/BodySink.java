package dev.sluice.standalone.proxy.spi;

import java.nio.ByteBuffer;

/**
 * Where a {@link MessageFilter} writes the body bytes it lets through in place of a chunk. The
 * bytes are copied by the call; the sink is valid only during the filter call that received it.
 * A filter that writes more than the proxy's hold limit in one call fails (see
 * {@link ExchangeOutcome#FILTER_FAILED}).
 */
public interface BodySink {

    /** Appends {@code len} bytes of {@code bytes} from {@code off}. */
    void write(byte[] bytes, int off, int len);

    /** Appends the remaining bytes of {@code bytes}, consuming them. */
    void write(ByteBuffer bytes);
}
