package dev.sluice.standalone.admin;

import dev.sluice.connector.ConsoleConnector;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.Labels;
import dev.sluice.policy.Action;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.proxy.SidecarProxy;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every Sluice meter, in one Prometheus registry, named per the design's rules (prefix
 * {@code sluice_}, unit in the name) and labelled only through {@link MetricLabels}:
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>labels</th></tr>
 *   <tr><td>{@code sluice_exchanges_total}</td><td>direction, route, action</td></tr>
 *   <tr><td>{@code sluice_exchanges_sampled_out_total}</td><td>direction, route</td></tr>
 *   <tr><td>{@code sluice_findings_total}</td><td>detector, category, direction, action, route, source_service, destination_service</td></tr>
 *   <tr><td>{@code sluice_inspected_bytes_total}</td><td>direction</td></tr>
 *   <tr><td>{@code sluice_inspection_duration_seconds} (histogram)</td><td>direction</td></tr>
 *   <tr><td>{@code sluice_inspection_outcomes_total}</td><td>direction, outcome</td></tr>
 *   <tr><td>{@code sluice_policy_reloads_total}</td><td>result</td></tr>
 *   <tr><td>{@code sluice_budget_blocks_total}</td><td>budget</td></tr>
 *   <tr><td>{@code sluice_events_written_total}, {@code sluice_events_dropped_total},
 *       {@code sluice_events_failed_total}</td><td>—</td></tr>
 *   <tr><td>{@code sluice_netty_pool_used_bytes}</td><td>memory</td></tr>
 *   <tr><td>{@code sluice_console_events_spooled_total}, {@code _sent_total}, {@code _dropped_total},
 *       {@code sluice_console_upload_failures_total}, {@code sluice_console_spool_bytes}</td><td>— (with a console)</td></tr>
 *   <tr><td>{@code sluice_console_policy_updates_total}</td><td>result (with a console)</td></tr>
 *   <tr><td>{@code sluice_tls_reloads_total}</td><td>side, result (with TLS files)</td></tr>
 *   <tr><td>{@code sluice_tls_certificate_expiry_timestamp_seconds}</td><td>side (with a certificate to present)</td></tr>
 * </table>
 *
 * plus the JVM's memory, GC, thread and processor meters. {@code sluice_findings_total} is also
 * capped at {@value #DEFAULT_MAX_FINDING_SERIES} series by default: past that, a new combination is
 * counted with route and services as {@code other}, so the product of the bounded sets cannot
 * grow the scrape without end. Recording methods are thread-safe and do not block.
 */
public final class SluiceMetrics implements AutoCloseable {
    public static final int DEFAULT_MAX_FINDING_SERIES = 10_000;
    /** Inspection time buckets: 50 µs to 1 s, dense where an API body's inspection falls. */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1),
    };

    private record ExchangeKey(Direction direction, String route, ExchangeAction action) {
    }

    private record FindingKey(String detector, Category category, Direction direction, Action action, String route,
                              String source, String destination) {
    }

    private final PrometheusMeterRegistry registry;
    private final MetricLabels labels;
    private final int maxFindingSeries;
    private final JvmGcMetrics gcMetrics;
    private final ConcurrentHashMap<ExchangeKey, Counter> exchanges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ExchangeKey, Counter> sampledOut = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FindingKey, Counter> findings = new ConcurrentHashMap<>();
    private final Counter[] inspectedBytes = new Counter[Direction.values().length];
    private final Timer[] inspectionTime = new Timer[Direction.values().length];
    private final Counter[][] outcomes = new Counter[Direction.values().length][Outcome.values().length];
    private final Counter reloadSuccess;
    private final Counter reloadFailure;
    private final ConcurrentHashMap<String, Counter> budgetBlocks = new ConcurrentHashMap<>();
    /** The event log's counters, held here for its function meters (see {@link #bindEventLog}). */
    private volatile EventLogCounts eventLog;
    /** The console connector, held here for its function meters (see {@link #bindConsole}). */
    private volatile ConsoleConnector console;

    private SluiceMetrics(MetricLabels labels, int maxFindingSeries) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.maxFindingSeries = maxFindingSeries;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        NettyPoolMetrics.defaultAllocator().bindTo(registry);
        for (Direction d : Direction.values()) {
            inspectedBytes[d.ordinal()] = Counter.builder("sluice.inspected").baseUnit("bytes")
                    .description("Body bytes inspected").tag("direction", d.label()).register(registry);
            inspectionTime[d.ordinal()] = Timer.builder("sluice.inspection.duration")
                    .description("Time spent inspecting one body").tag("direction", d.label())
                    .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
            for (Outcome o : Outcome.values()) {
                outcomes[d.ordinal()][o.ordinal()] = Counter.builder("sluice.inspection.outcomes")
                        .description("How inspections ended: complete, or the parse error or limit that cut them short")
                        .tags("direction", d.label(), "outcome", o.label())
                        .register(registry);
            }
        }
        this.reloadSuccess = reloads("success");
        this.reloadFailure = reloads("failure");
    }

    /** Metrics with every meter registered and the JVM and Netty binders bound. */
    public static SluiceMetrics create(MetricLabels labels) {
        return new SluiceMetrics(labels, DEFAULT_MAX_FINDING_SERIES);
    }

    /** As {@link #create}, with another cap on {@code sluice_findings_total} series. */
    public static SluiceMetrics create(MetricLabels labels, int maxFindingSeries) {
        if (maxFindingSeries < 1) {
            throw new IllegalArgumentException("maxFindingSeries must be at least 1, not " + maxFindingSeries);
        }
        return new SluiceMetrics(labels, maxFindingSeries);
    }

    private Counter reloads(String result) {
        return Counter.builder("sluice.policy.reloads").description("Policy reloads by result")
                .tag("result", result).register(registry);
    }

    /** The label sets; update them when the policy is reloaded. */
    public MetricLabels labels() {
        return labels;
    }

    /** One body decided; {@code route} is the decision's route name. */
    public void exchange(Direction direction, String route, ExchangeAction action) {
        ExchangeKey key = new ExchangeKey(direction, labels.route(route), action);
        exchanges.computeIfAbsent(key, k -> Counter.builder("sluice.exchanges")
                .description("Bodies inspected and decided, by what the policy did with them")
                .tags("direction", k.direction().label(), "route", k.route(), "action", k.action().label())
                .register(registry)).increment();
    }

    /** One message its route's sample left unread (passed as it came, not inspected, not reported). */
    public void sampledOut(Direction direction, String route) {
        ExchangeKey key = new ExchangeKey(direction, labels.route(route), ExchangeAction.ALLOW);
        sampledOut.computeIfAbsent(key, k -> Counter.builder("sluice.exchanges.sampled.out")
                .description("Messages a route's sample left unread")
                .tags("direction", k.direction().label(), "route", k.route())
                .register(registry)).increment();
    }

    /** {@code count} findings of one detector with the action the policy gave them, in one body. */
    public void finding(String detectorId, Category category, Direction direction, Action action, String route,
                        String sourceService, String destinationService, int count) {
        FindingKey key = new FindingKey(labels.detector(detectorId), category, direction, action,
                labels.route(route), labels.service(sourceService), labels.service(destinationService));
        Counter c = findings.get(key);
        if (c == null) {
            if (findings.size() >= maxFindingSeries) {
                key = new FindingKey(key.detector(), category, direction, action, MetricLabels.OTHER,
                        MetricLabels.OTHER, MetricLabels.OTHER);
            }
            c = findings.computeIfAbsent(key, k -> Counter.builder("sluice.findings")
                    .description("Findings by detector and the action the policy gave them")
                    .tags(Tags.of("detector", k.detector(), "category", k.category().label(),
                            "direction", k.direction().label(), "action", k.action().label(), "route", k.route(),
                            "source_service", k.source(), "destination_service", k.destination()))
                    .register(registry));
        }
        c.increment(count);
    }

    public void inspectedBytes(Direction direction, long bytes) {
        if (bytes > 0) {
            inspectedBytes[direction.ordinal()].increment(bytes);
        }
    }

    public void inspectionTime(Direction direction, long nanos) {
        inspectionTime[direction.ordinal()].record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    public void inspectionOutcome(Direction direction, Outcome outcome) {
        outcomes[direction.ordinal()][outcome.ordinal()].increment();
    }

    public void policyReload(boolean success) {
        (success ? reloadSuccess : reloadFailure).increment();
    }

    /** A body blocked by budget {@code name} (the decision's reason without {@code budget:}). */
    public void budgetBlock(String name) {
        budgetBlocks.computeIfAbsent(labels.budget(name), n -> Counter.builder("sluice.budget.blocks")
                .description("Bodies blocked because a token went over a budget").tag("budget", n)
                .register(registry)).increment();
    }

    /**
     * Exposes the event log's written, dropped and failed counts (read at scrape time). Micrometer keeps a
     * function meter's object only weakly, and the suppliers (method references such as
     * {@code events::written}) are referenced by nothing else: the first garbage collection turned
     * both counters into zeros. This object holds them.
     */
    public void bindEventLog(LongSupplier written, LongSupplier dropped, LongSupplier failed) {
        EventLogCounts counts = new EventLogCounts(written, dropped, failed);
        eventLog = counts;
        FunctionCounter.builder("sluice.events.written", counts, c -> c.written().getAsLong())
                .description("Events written to the event log").register(registry);
        FunctionCounter.builder("sluice.events.dropped", counts, c -> c.dropped().getAsLong())
                .description("Events dropped because the event log's writer fell behind").register(registry);
        FunctionCounter.builder("sluice.events.failed", counts, c -> c.failed().getAsLong())
                .description("Events whose write to the event log failed (a full disk, a closed pipe)")
                .register(registry);
    }

    private record EventLogCounts(LongSupplier written, LongSupplier dropped, LongSupplier failed) {
    }

    /**
     * Exposes the process's held memory: the bytes held for bodies now, its limit, and the
     * charges refused (each one a body that went on as its route's fail rule says at a hold
     * limit, or a rewriting that let what it held go unredacted).
     */
    public void bindHeldMemory(HeldMemory memory) {
        Gauge.builder("sluice.held", memory, HeldMemory::charged).baseUnit("bytes")
                .description("Bytes all exchanges together hold for their bodies: bodies held for a verdict,"
                        + " rewriting buffers, gRPC messages read whole and their decoded copies, decoder windows"
                        + " (past each holder's uncharged first 64 KiB)")
                .register(registry);
        Gauge.builder("sluice.held.limit", memory, HeldMemory::limit).baseUnit("bytes")
                .description("The most body bytes all exchanges together may hold (limits.max_held_total_bytes)")
                .register(registry);
        FunctionCounter.builder("sluice.held.refusals", memory, HeldMemory::refusals)
                .description("Holds refused because all exchanges together held the limit: the body went on as"
                        + " its route's fail rule for limits says, or a rewriting let what it held go unredacted")
                .register(registry);
    }

    /** Exposes the console connector's counts (read at scrape time; held strongly, as {@link #bindEventLog} explains). */
    public void bindConsole(ConsoleConnector c) {
        console = c;
        FunctionCounter.builder("sluice.console.events.spooled", c, ConsoleConnector::spooled)
                .description("Events spooled on disk for the console").register(registry);
        FunctionCounter.builder("sluice.console.events.sent", c, ConsoleConnector::sent)
                .description("Events the console accepted").register(registry);
        FunctionCounter.builder("sluice.console.events.dropped", c, ConsoleConnector::dropped)
                .description("Events lost before the console: spool full, refused for good, or cut by a crash")
                .register(registry);
        FunctionCounter.builder("sluice.console.upload.failures", c, ConsoleConnector::failures)
                .description("Calls to the console that failed and are retried").register(registry);
        Gauge.builder("sluice.console.spool", c, ConsoleConnector::spoolBytes).baseUnit("bytes")
                .description("Bytes in the console spool on disk").register(registry);
        FunctionCounter.builder("sluice.console.policy.updates", c, ConsoleConnector::policiesApplied)
                .description("Policies from the console").tag("result", "applied").register(registry);
        FunctionCounter.builder("sluice.console.policy.updates", c, ConsoleConnector::policiesRefused)
                .description("Policies from the console").tag("result", "refused").register(registry);
    }

    /**
     * Exposes the proxy's counts of exchanges by outcome, of requests sent again on a new upstream
     * connection, of range requests answered whole, of WebSocket tunnels opened and of failed
     * client TLS handshakes (read at scrape time; {@code proxy} is held strongly by the caller's
     * runtime).
     */
    public void bindProxy(SidecarProxy proxy) {
        FunctionCounter.builder("sluice.upstream.retries", proxy, SidecarProxy::upstreamRetries)
                .description("Requests sent again on a new upstream connection after a pooled one closed unanswered")
                .register(registry);
        FunctionCounter.builder("sluice.range.requests.widened", proxy, SidecarProxy::rangesWidened)
                .description("Range requests sent again without Range because the partial response would have been inspected")
                .register(registry);
        FunctionCounter.builder("sluice.websocket.upgrades", proxy, SidecarProxy::webSocketsOpened)
                .description("Connections switched to WebSocket after the upstream accepted the upgrade")
                .register(registry);
        FunctionCounter.builder("sluice.tls.handshake.failures", proxy, SidecarProxy::tlsHandshakeFailures)
                .description("Client connections closed because their TLS handshake failed or timed out")
                .register(registry);
        for (ExchangeOutcome outcome : ExchangeOutcome.values()) {
            FunctionCounter.builder("sluice.proxy.exchanges", proxy, p -> p.exchanges(outcome))
                    .description("Exchanges through the proxy by how they ended: completed, blocked, refused by the"
                            + " proxy's restrictions, failed or timed out upstream, aborted by the client, ...")
                    .tag("outcome", Labels.of(outcome)).register(registry);
        }
    }

    /**
     * Counts the reloads of one TLS side's files ({@code side}: {@code listener} or {@code backend})
     * from zero, and, when {@code expiry} is not null, shows when the certificate that side
     * presents expires (read at scrape time, so a reloaded certificate shows at once; held strongly,
     * since nothing else holds the supplier and a gauge's state is otherwise weakly held).
     */
    public void bindTls(String side, Supplier<Instant> expiry) {
        tlsReloads(side, true);
        tlsReloads(side, false);
        if (expiry != null) {
            Gauge.builder("sluice.tls.certificate.expiry.timestamp", expiry, e -> e.get().getEpochSecond())
                    .description("When the certificate this side of Sluice presents expires (Unix time)")
                    .baseUnit("seconds").tag("side", side).strongReference(true).register(registry);
        }
    }

    /** Counts a reload of {@code side}'s TLS files that changed: used ({@code success}) or refused. */
    public void tlsReload(String side, boolean success) {
        tlsReloads(side, success).increment();
    }

    private Counter tlsReloads(String side, boolean success) {
        // Micrometer hands back the registered counter for the same name and tags.
        return Counter.builder("sluice.tls.reloads").description("Reloads of changed TLS files by side and result")
                .tag("side", side).tag("result", success ? "success" : "failure").register(registry);
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry, for binders the caller adds (executors, gRPC server metrics). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    @Override
    public String toString() {
        return "SluiceMetrics[" + registry.getMeters().size() + " meters, " + labels + "]";
    }
}
