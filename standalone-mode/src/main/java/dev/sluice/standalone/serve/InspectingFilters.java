package dev.sluice.standalone.serve;

import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeFilterFactory;
import dev.sluice.standalone.proxy.spi.RequestHead;

/**
 * The proxy's filter factory for {@code sluice serve}: one {@link InspectedExchange} per exchange,
 * sharing the policy runtime, the gRPC schemas, the reporter and the id source. Thread-safe.
 */
final class InspectingFilters implements ExchangeFilterFactory {
    private final PolicyRuntime policy;
    private final GrpcSchemas schemas;
    private final BodyReporter reporter;
    private final ExchangeIds ids;

    InspectingFilters(PolicyRuntime policy, GrpcSchemas schemas, BodyReporter reporter, ExchangeIds ids) {
        this.policy = policy;
        this.schemas = schemas;
        this.reporter = reporter;
        this.ids = ids;
    }

    @Override
    public ExchangeFilter newExchange(RequestHead request) {
        return new InspectedExchange(ids.next(), request, policy, schemas, reporter);
    }
}
