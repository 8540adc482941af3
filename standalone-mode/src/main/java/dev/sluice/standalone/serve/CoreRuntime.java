package dev.sluice.standalone.serve;

import dev.sluice.connector.ConsoleConnector;
import dev.sluice.standalone.admin.AdminServer;
import dev.sluice.standalone.admin.Readiness;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.ConfigError;
import dev.sluice.standalone.config.ConfigException;
import dev.sluice.standalone.config.ConsoleOptions;
import dev.sluice.standalone.config.HashKey;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.exchange.BodyReporter;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every front end of standalone mode runs on, started in dependency order — hash key, policy
 * and matchers ({@link SharedRuntime}: policy holder, inspector, gRPC schemas), metrics, admin
 * endpoint, console connector (when configured), event log, policy watcher — then the front end's
 * own listener, and marked ready last. Closed in the reverse: not ready, the listener (in-flight
 * exchanges end), event log (drained, into the console spool too), console connector, admin
 * endpoint, metrics, gRPC schemas, policy watcher and matchers.
 */
public final class CoreRuntime implements AutoCloseable {
    private final SharedRuntime shared;
    private final SluiceMetrics metrics;
    private final BodyReporter reporter;
    private final Readiness readiness;
    private final AdminServer admin;
    private final Deque<AutoCloseable> closeOrder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CoreRuntime(SharedRuntime shared, SluiceMetrics metrics, BodyReporter reporter, Readiness readiness,
                        AdminServer admin, Deque<AutoCloseable> closeOrder) {
        this.shared = shared;
        this.metrics = metrics;
        this.reporter = reporter;
        this.readiness = readiness;
        this.admin = admin;
        this.closeOrder = closeOrder;
    }

    /** Starts a front end's listener on a running core; what it returns is the running front end. */
    @FunctionalInterface
    public interface FrontEnd<R> {
        R start(CoreRuntime core) throws StartupException;
    }

    /** Opens something that may fail to bind or open. */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws IOException;
    }

    /**
     * Starts the core with {@code config} ({@code env} names the destination service; startup lines
     * go to {@code log}), then {@code frontEnd} on it, and marks the whole ready.
     *
     * @throws StartupException when something cannot start; everything started so far is closed
     */
    public static <R> R start(SluiceConfig config, Map<String, String> env, PrintStream log, FrontEnd<R> frontEnd)
            throws StartupException {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        CoreRuntime core;
        try {
            HashKey key = hashKey(config);
            log.println("sluice: " + key.describe());
            SharedRuntime shared = SharedRuntime.load(config, key.hasher(), env);
            started.push(shared);
            SluiceMetrics metrics = SluiceMetrics.create(shared.labels());
            started.push(metrics);
            metrics.bindHeldMemory(shared.inspector().heldMemory());
            Readiness readiness = new Readiness();
            AdminServer admin = bind("admin.listen " + config.adminListen(), () -> AdminServer.start(
                    config.adminListen(), config.adminAllowNonLoopback(), metrics, readiness, shared::policyStatus));
            started.push(admin);
            ConsoleConnector console = startConsole(config, metrics, log);
            if (console != null) {
                started.push(console); // closed after the event log, which spools its last events
            }
            EventWriter events = bind("events.output " + config.events(),
                    () -> EventWriter.open(config.events(), config.eventsRotation(), config.eventsQueueCapacity(),
                            console == null ? null : console::spool));
            metrics.bindEventLog(events::written, events::dropped, events::failed);
            started.push(events);
            config.policyFile().ifPresent(file -> shared.watch(file, metrics, log));
            core = new CoreRuntime(shared, metrics, new BodyReporter(metrics, events), readiness, admin, started);
        } catch (StartupException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
        try {
            R running = frontEnd.start(core);
            core.readiness.markReady();
            return running;
        } catch (StartupException | RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /** The console connector when {@code console.url} is set (its spool opened, its threads started), else null. */
    private static ConsoleConnector startConsole(SluiceConfig config, SluiceMetrics metrics, PrintStream log)
            throws StartupException {
        if (config.console().isEmpty()) {
            return null;
        }
        ConsoleOptions options = config.console().get();
        ConsoleConnector console = bind("console", () -> ConsoleConnector.start(options.settings(config.policyFile()),
                log));
        metrics.bindConsole(console);
        log.println("sluice: console " + options.url() + "; events spooled in " + options.spoolDir()
                + (options.policySync() ? "; policy written to " + config.policyFile().orElseThrow() : ""));
        return console;
    }

    /** Opens the front end's listener ({@code what} names its setting); it is the first thing closed. */
    public <T extends AutoCloseable> T listen(String what, Opener<T> opener) throws StartupException {
        T listener = bind(what, opener);
        closeWith(listener);
        return listener;
    }

    /** Closes {@code part} of a front end with the core, before everything started earlier. */
    public void closeWith(AutoCloseable part) {
        closeOrder.push(part);
    }

    static HashKey hashKey(SluiceConfig config) throws StartupException {
        try {
            return HashKey.load(config);
        } catch (ConfigException e) {
            throw new StartupException(e.errors().stream().map(ConfigError::format).toList());
        }
    }

    /** Opens a listener or file, turning a failure into a startup error that names the setting {@code what}. */
    private static <T> T bind(String what, Opener<T> opener) throws StartupException {
        try {
            return opener.open();
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException(what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (RuntimeException e) {
            // gRPC and Netty report a failed bind as an unchecked exception wrapping the BindException.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StartupException(what + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    public SharedRuntime shared() {
        return shared;
    }

    public SluiceMetrics metrics() {
        return metrics;
    }

    /** Reports bodies to the metrics and the event log. */
    public BodyReporter reporter() {
        return reporter;
    }

    /** The admin endpoint's bound port. */
    public int adminPort() {
        return admin.port();
    }

    public boolean isReady() {
        return readiness.isReady();
    }

    /** Stops everything, in the order of the class comment; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            readiness.markNotReady();
            closeAll(closeOrder);
        }
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        // started is a stack: last started, first closed.
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // Closing the rest matters more than this one's failure.
            }
        }
    }
}
