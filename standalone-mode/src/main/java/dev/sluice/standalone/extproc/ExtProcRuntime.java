package dev.sluice.standalone.extproc;

import dev.sluice.policy.Mode;
import dev.sluice.standalone.admin.AdminServer;
import dev.sluice.standalone.admin.Readiness;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.HashKey;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.serve.SharedRuntime;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A running {@code sluice extproc}: Envoy's ext_proc service on {@code extproc.listen}, every body
 * Envoy sends inspected and the policy carried out (block, redact, alert), events and metrics as
 * in {@code sluice serve}, the admin endpoint on loopback. Started in dependency order — hash key,
 * policy and matchers, metrics and admin endpoint, event log, policy watcher, gRPC server — and
 * marked ready last; closed in the reverse.
 */
public final class ExtProcRuntime implements AutoCloseable {
    private final Readiness readiness;
    private final ExtProcServer server;
    private final AdminServer admin;
    private final SluiceMetrics metrics;
    private final Deque<AutoCloseable> closeOrder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ExtProcRuntime(Readiness readiness, ExtProcServer server, AdminServer admin, SluiceMetrics metrics,
                           Deque<AutoCloseable> closeOrder) {
        this.readiness = readiness;
        this.server = server;
        this.admin = admin;
        this.metrics = metrics;
        this.closeOrder = closeOrder;
    }

    /**
     * Starts with {@code config}; {@code env} names the destination service; startup lines go to
     * {@code log}.
     *
     * @throws StartupException when something cannot start; everything started so far is closed
     */
    public static ExtProcRuntime start(SluiceConfig config, Map<String, String> env, PrintStream log)
            throws StartupException {
        return start(config, env, log, UnaryOperator.identity());
    }

    static ExtProcRuntime start(SluiceConfig config, Map<String, String> env, PrintStream log,
                                UnaryOperator<ExtProcSettings> tune) throws StartupException {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            HashKey key = SharedRuntime.hashKey(config);
            log.println("sluice: " + key.describe());
            SharedRuntime shared = SharedRuntime.load(config, key.hasher(), env);
            started.push(shared);
            SluiceMetrics metrics = SluiceMetrics.create(shared.labels());
            started.push(metrics);
            Readiness readiness = new Readiness();
            AdminServer admin = SharedRuntime.bind("admin.listen " + config.adminListen(), () -> AdminServer.start(
                    config.adminListen(), config.adminAllowNonLoopback(), metrics, readiness));
            started.push(admin);
            EventWriter events = SharedRuntime.bind("events.output " + config.events(),
                    () -> EventWriter.open(config.events(), config.eventsQueueCapacity()));
            metrics.bindEventLog(events::written, events::dropped);
            started.push(events);
            config.policyFile().ifPresent(file -> shared.watch(file, metrics, log));
            ExtProcSettings settings = tune.apply(ExtProcSettings.of(config));
            ExtProcReporter reporter = new ExtProcReporter(metrics, events);
            ExtProcServer server = SharedRuntime.bind("extproc.listen " + config.extprocListen(), () -> ExtProcServer.start(
                    config.extprocListen(), settings,
                    timer -> new SluiceExternalProcessor(shared, reporter, settings, timer)));
            started.push(server);
            readiness.markReady();
            log.println("sluice: " + shared.describe());
            if (shared.policy().mode() == Mode.DETECT) {
                log.println("sluice: mode detect: bodies are inspected and reported, never changed or blocked");
            }
            log.println("sluice: ext_proc on " + config.extprocListen().host() + ":" + server.port() + "; admin on "
                    + config.adminListen().host() + ":" + admin.port() + "; events to " + config.events());
            return new ExtProcRuntime(readiness, server, admin, metrics, started);
        } catch (StartupException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** The ext_proc server's bound port (the real one when port 0 was configured). */
    public int port() {
        return server.port();
    }

    public int adminPort() {
        return admin.port();
    }

    public boolean isReady() {
        return readiness.isReady();
    }

    public SluiceMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            readiness.markNotReady();
            closeAll(closeOrder);
        }
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // Closing the rest matters more than this one's failure.
            }
        }
    }

    @Override
    public String toString() {
        return "ExtProcRuntime[extproc=" + server.port() + ", admin=" + admin.port() + ", ready=" + isReady() + "]";
    }
}
