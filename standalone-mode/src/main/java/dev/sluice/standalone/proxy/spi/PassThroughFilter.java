package dev.sluice.standalone.proxy.spi;

/**
 * The filter that inspects nothing: heads and bodies pass untouched, on the proxy's zero-copy
 * path. Use it to run the proxy as a plain reverse proxy, and as the baseline in benchmarks.
 */
public final class PassThroughFilter implements ExchangeFilterFactory, ExchangeFilter, MessageFilter {
    /** The one instance; it holds no state. */
    public static final PassThroughFilter INSTANCE = new PassThroughFilter();

    private PassThroughFilter() {
    }

    @Override
    public ExchangeFilter newExchange(RequestHead request) {
        return this;
    }

    @Override
    public MessageFilter request() {
        return this;
    }

    @Override
    public MessageFilter response() {
        return this;
    }

    @Override
    public HeadDecision onHead(MessageHead head) {
        return HeadDecision.pass();
    }
}
