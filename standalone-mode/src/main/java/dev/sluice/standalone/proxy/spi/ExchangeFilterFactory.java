package dev.sluice.standalone.proxy.spi;

/**
 * Makes the filter for each exchange. Called on the I/O thread that owns the exchange, once per
 * request, before anything is decided about it; it must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ExchangeFilterFactory {

    /**
     * Returns the filter for the exchange that {@code request} opens. If this throws, the proxy
     * treats it as a filter failure (see {@link ExchangeOutcome#FILTER_FAILED}).
     */
    ExchangeFilter newExchange(RequestHead request);
}
