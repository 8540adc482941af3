package dev.sluice.standalone.proxy.spi;

/**
 * Inspects one exchange: the request on its way to the upstream and the response on its way
 * back. The proxy calls {@link #request()} once when the request head arrives and
 * {@link #response()} once when the response head arrives (never if the exchange ends before
 * that), then {@link #onComplete} exactly once, whatever happened. The response filter's
 * {@link MessageFilter#onHead} may be called a second time, before any body call: when its
 * decision on a partial response (206) was to inspect the body, the proxy may ask the upstream
 * for the whole representation and hand over that response's head instead. An exchange whose upstream switched
 * to WebSocket lasts until the connection closes, and calls {@link #webSocketMessage} in between.
 */
public interface ExchangeFilter {

    /** The filter of the request message. */
    MessageFilter request();

    /** The filter of the response message. */
    MessageFilter response();

    /**
     * Whether the response, whose head the response filter has just decided on, may fall quiet
     * between its pieces for longer than the read timeout: a feed its client reads as it comes (a
     * watch with nothing to report, server-sent events between two events). The proxy then waits
     * for its next bytes up to the stream idle timeout instead. A gRPC answer always may (its
     * client's deadline bounds it), whatever this says.
     */
    default boolean mayFallQuiet(ResponseHead response) {
        return false;
    }

    /**
     * After the upstream accepted a WebSocket upgrade (RFC 6455), the filter of the next message
     * in one direction, or {@code null} to let it through unfiltered. Called at the first frame of
     * each message; the filter sees a {@link WebSocketMessageHead}, then the message's payload as
     * its body (the frames' payloads in order, unmasked), then its end.
     */
    default MessageFilter webSocketMessage(boolean fromClient) {
        return null;
    }

    /**
     * The exchange is over and the proxy holds nothing of it any more; release what the filter
     * holds (inspection sessions, scratch space). Called once, on the exchange's I/O thread.
     */
    default void onComplete(ExchangeOutcome outcome) {
    }
}
