package dev.sluice.standalone.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Objects;

/**
 * Memory held by Netty's pooled allocator, which the proxy's buffers come from:
 * {@code sluice_netty_pool_used_bytes{memory="direct"|"heap"}}. Read when scraped; a rise that
 * does not fall back points at a buffer leak or at backpressure not holding.
 */
final class NettyPoolMetrics implements MeterBinder {
    private final ByteBufAllocatorMetric metric;

    NettyPoolMetrics(ByteBufAllocatorMetric metric) {
        this.metric = Objects.requireNonNull(metric, "metric");
    }

    /** The allocator Netty uses unless told otherwise. */
    static NettyPoolMetrics defaultAllocator() {
        return new NettyPoolMetrics(PooledByteBufAllocator.DEFAULT.metric());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sluice.netty.pool.used", metric, ByteBufAllocatorMetric::usedDirectMemory)
                .baseUnit("bytes").tag("memory", "direct")
                .description("Direct memory held by Netty's pooled allocator")
                .register(registry);
        Gauge.builder("sluice.netty.pool.used", metric, ByteBufAllocatorMetric::usedHeapMemory)
                .baseUnit("bytes").tag("memory", "heap")
                .description("Heap memory held by Netty's pooled allocator")
                .register(registry);
    }
}
