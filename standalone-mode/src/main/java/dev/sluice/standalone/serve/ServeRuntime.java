package dev.sluice.standalone.serve;

import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.standalone.admin.AdminServer;
import dev.sluice.standalone.admin.Readiness;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.ConfigError;
import dev.sluice.standalone.config.ConfigException;
import dev.sluice.standalone.config.HashKey;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.proxy.SidecarProxy;
import dev.sluice.standalone.proxy.spi.FailMode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running {@code sluice serve}: the sidecar proxy in front of the backend, every body inspected
 * as it streams, the policy's decision carried out and reported through the event log and the
 * metrics, the admin endpoint on loopback. Started in dependency order — hash key, policy and matchers, gRPC schemas,
 * metrics and admin endpoint, event log, policy watcher, proxy — and marked ready last; closed in
 * the reverse: not ready, proxy (in-flight exchanges end), event log (drained), admin endpoint,
 * gRPC schemas, policy watcher and matchers.
 *
 * <p>In enforce mode the policy's decisions are carried out (see {@link BodyInspection}); in detect
 * mode every body is forwarded unchanged and the would-be decision is reported. The proxy's own
 * fail mode (what a filter failure does) follows the policy at startup: see {@link #proxyFailMode}.
 */
public final class ServeRuntime implements AutoCloseable {
    private final Readiness readiness;
    private final SidecarProxy proxy;
    private final AdminServer admin;
    private final SluiceMetrics metrics;
    private final Deque<AutoCloseable> closeOrder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServeRuntime(Readiness readiness, SidecarProxy proxy, AdminServer admin, SluiceMetrics metrics,
                         Deque<AutoCloseable> closeOrder) {
        this.readiness = readiness;
        this.proxy = proxy;
        this.admin = admin;
        this.metrics = metrics;
        this.closeOrder = closeOrder;
    }

    /**
     * Starts serving with {@code config}; {@code env} names the destination service (see the
     * policy's identity section); startup lines go to {@code log} (the event log has stdout).
     *
     * @throws StartupException when something cannot start; everything started so far is closed
     */
    public static ServeRuntime start(SluiceConfig config, Map<String, String> env, PrintStream log)
            throws StartupException {
        if (config.backend().isEmpty()) {
            throw new StartupException("the proxy needs a backend: set BACKEND or 'backend' in sluice.yaml");
        }
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            HashKey key = hashKey(config);
            log.println("sluice: " + key.describe());
            PolicyRuntime policy = PolicyRuntime.load(config, key.hasher(), env);
            started.push(policy);
            GrpcSchemas schemas = GrpcSchemas.load(config);
            started.push(schemas);
            SluiceMetrics metrics = SluiceMetrics.create(policy.labels());
            started.push(metrics);
            Readiness readiness = new Readiness();
            AdminServer admin = bind("admin.listen " + config.adminListen(), () -> AdminServer.start(
                    config.adminListen(), config.adminAllowNonLoopback(), metrics, readiness));
            started.push(admin);
            EventWriter events = bind("events.output " + config.events(),
                    () -> EventWriter.open(config.events(), config.eventsQueueCapacity()));
            metrics.bindEventLog(events::written, events::dropped);
            started.push(events);
            config.policyFile().ifPresent(file -> policy.watch(file, metrics, log));
            SidecarProxy proxy = bind("proxy.listen " + config.proxyListen(), () -> SidecarProxy.start(
                    config.proxyConfigBuilder().failMode(proxyFailMode(policy.policy())).build(),
                    new InspectingFilters(policy, schemas, new BodyReporter(metrics, events), ExchangeIds.random(),
                            config.maxHeldBodyBytes())));
            started.push(proxy);
            readiness.markReady();
            log.println("sluice: " + policy.describe() + "; gRPC: " + schemas.methodCount()
                    + " methods from descriptor sets" + (schemas.reflects() ? ", server reflection on" : ""));
            if (policy.policy().mode() == Mode.DETECT) {
                log.println("sluice: mode detect: every body is forwarded unchanged; events say what enforce would do");
            }
            log.println("sluice: proxy on " + config.proxyListen().host() + ":" + proxy.port() + " -> "
                    + config.backend().get() + "; admin on " + config.adminListen().host() + ":" + admin.port()
                    + "; events to " + config.events());
            return new ServeRuntime(readiness, proxy, admin, metrics, started);
        } catch (StartupException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /**
     * What the proxy does when the inspecting filter itself fails (throws, or writes past its
     * per-call limit): an internal error is an inspection that could not finish, so in enforce
     * mode it follows the defaults' {@code on_failure} for parse errors — {@code closed} refuses
     * the message (500 for a request, 502 for a response, a reset once headers left), {@code open}
     * lets it through untouched while everything let through so far was the input verbatim. In
     * detect mode nothing is refused. Read once at startup: a reload does not change it.
     */
    static FailMode proxyFailMode(Policy p) {
        return p.mode() == Mode.ENFORCE && p.failRule(p.defaults()).failsClosed(FailureKind.PARSE_ERROR)
                ? FailMode.CLOSED : FailMode.OPEN;
    }

    private static HashKey hashKey(SluiceConfig config) throws StartupException {
        try {
            return HashKey.load(config);
        } catch (ConfigException e) {
            throw new StartupException(e.errors().stream().map(ConfigError::format).toList());
        }
    }

    @FunctionalInterface
    private interface Opener<T> {
        T open() throws IOException;
    }

    /** Opens a listener or file, turning a failure into a startup error that names the setting. */
    private static <T> T bind(String what, Opener<T> opener) throws StartupException {
        try {
            return opener.open();
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException(what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (RuntimeException e) {
            // Netty reports a failed bind as an unchecked exception wrapping the BindException.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StartupException(what + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** The proxy's bound port (the real one when port 0 was configured). */
    public int proxyPort() {
        return proxy.port();
    }

    /** The admin endpoint's bound port. */
    public int adminPort() {
        return admin.port();
    }

    public boolean isReady() {
        return readiness.isReady();
    }

    public SluiceMetrics metrics() {
        return metrics;
    }

    /** Stops serving, in the order of the class comment; later calls do nothing. */
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
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                // Closing the rest matters more than this one's failure.
            }
        }
    }

    @Override
    public String toString() {
        return "ServeRuntime[proxy=" + proxy.port() + ", admin=" + admin.port() + ", ready=" + isReady() + "]";
    }
}
