package dev.sluice.standalone.proxy.spi;

/**
 * Inspects one exchange: the request on its way to the upstream and the response on its way
 * back. The proxy calls {@link #request()} once when the request head arrives and
 * {@link #response()} once when the response head arrives (never if the exchange ends before
 * that), then {@link #onComplete} exactly once, whatever happened.
 */
public interface ExchangeFilter {

    /** The filter of the request message. */
    MessageFilter request();

    /** The filter of the response message. */
    MessageFilter response();

    /**
     * The exchange is over and the proxy holds nothing of it any more; release what the filter
     * holds (inspection sessions, scratch space). Called once, on the exchange's I/O thread.
     */
    default void onComplete(ExchangeOutcome outcome) {
    }
}
