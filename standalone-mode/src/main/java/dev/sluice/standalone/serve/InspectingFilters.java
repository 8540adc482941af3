package dev.sluice.standalone.serve;

import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeFilterFactory;
import dev.sluice.standalone.proxy.spi.RequestHead;

/**
 * The proxy's filter factory for {@code sluice serve}: one {@link InspectedExchange} per exchange,
 * sharing the policy runtime, the gRPC schemas, the reporter, the id source and the hold limit
 * (the proxy's {@code maxHeldBodyBytes}). Thread-safe.
 */
final class InspectingFilters implements ExchangeFilterFactory {
    private final PolicyRuntime policy;
    private final GrpcSchemas schemas;
    private final BodyReporter reporter;
    private final ExchangeIds ids;
    private final long maxHeldBodyBytes;

    InspectingFilters(PolicyRuntime policy, GrpcSchemas schemas, BodyReporter reporter, ExchangeIds ids,
                      long maxHeldBodyBytes) {
        this.policy = policy;
        this.schemas = schemas;
        this.reporter = reporter;
        this.ids = ids;
        this.maxHeldBodyBytes = maxHeldBodyBytes;
    }

    @Override
    public ExchangeFilter newExchange(RequestHead request) {
        return new InspectedExchange(ids.next(), request, policy, schemas, reporter, maxHeldBodyBytes);
    }
}
