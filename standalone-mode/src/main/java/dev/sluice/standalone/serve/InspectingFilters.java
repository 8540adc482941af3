package dev.sluice.standalone.serve;

import dev.sluice.standalone.exchange.BodyReporter;
import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeFilterFactory;
import dev.sluice.standalone.proxy.spi.RequestHead;

/**
 * The proxy's filter factory for {@code sluice serve}: one {@link InspectedExchange} per exchange,
 * sharing the policy runtime and gRPC schemas (and their id source), the reporter and the hold limit
 * (the proxy's {@code maxHeldBodyBytes}). Thread-safe.
 */
final class InspectingFilters implements ExchangeFilterFactory {
    private final SharedRuntime shared;
    private final BodyReporter reporter;
    private final long maxHeldBodyBytes;

    InspectingFilters(SharedRuntime shared, BodyReporter reporter, long maxHeldBodyBytes) {
        this.shared = shared;
        this.reporter = reporter;
        this.maxHeldBodyBytes = maxHeldBodyBytes;
    }

    @Override
    public ExchangeFilter newExchange(RequestHead request) {
        return new InspectedExchange(shared.nextExchangeId(), request, shared.policyRuntime(), shared.schemas(),
                reporter, maxHeldBodyBytes);
    }
}
