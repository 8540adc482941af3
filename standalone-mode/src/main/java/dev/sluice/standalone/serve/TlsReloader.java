package dev.sluice.standalone.serve;

import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.proxy.ProxyConfig;
import dev.sluice.standalone.proxy.ServerTls;
import dev.sluice.standalone.proxy.TlsReload;
import dev.sluice.standalone.proxy.UpstreamTls;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Re-reads the proxy's TLS files every interval, so that renewed certificates (cert-manager, a
 * rotated Kubernetes secret, a renewal job) reach new connections without a restart. Polling
 * rather than file events: a mounted secret changes by a symlink swap a few levels up, and a
 * renewal is days ahead of an expiry, so a check every half minute of a few KiB is plenty.
 * Each change is logged and counted in {@code sluice_tls_reloads_total}; files that cannot be
 * used are reported once and the certificate in use stays.
 */
final class TlsReloader implements AutoCloseable {
    static final String LISTENER = "listener";
    static final String BACKEND = "backend";

    private final Map<String, Supplier<TlsReload>> sides;
    private final SluiceMetrics metrics;
    private final PrintStream log;
    private final ScheduledExecutorService timer;

    private TlsReloader(Map<String, Supplier<TlsReload>> sides, SluiceMetrics metrics, PrintStream log) {
        this.sides = sides;
        this.metrics = metrics;
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sluice-tls-reloader").factory());
    }

    /**
     * Binds the metrics of {@code config}'s TLS sides read from files and checks them every
     * {@code interval}; null when no side reads files (cleartext, or the JDK's trust store only).
     */
    static TlsReloader start(ProxyConfig config, Duration interval, SluiceMetrics metrics, PrintStream log) {
        Map<String, Supplier<TlsReload>> sides = new LinkedHashMap<>();
        ServerTls listener = config.serverTls();
        if (listener != null) {
            sides.put(LISTENER, listener::reload);
            metrics.bindTls(LISTENER, listener::certificateExpiry);
        }
        UpstreamTls backend = config.upstreamTls();
        if (backend != null && backend.fromFiles()) {
            sides.put(BACKEND, backend::reload);
            metrics.bindTls(BACKEND, backend.clientCertificateExpiry().isEmpty() ? null
                    : () -> backend.clientCertificateExpiry().orElseThrow());
        }
        if (sides.isEmpty()) {
            return null;
        }
        TlsReloader reloader = new TlsReloader(Collections.unmodifiableMap(sides), metrics, log);
        long every = interval.toMillis();
        reloader.timer.scheduleWithFixedDelay(reloader::checkNow, every, every, TimeUnit.MILLISECONDS);
        return reloader;
    }

    /** Reads every side's files now, reporting what changed. */
    void checkNow() {
        sides.forEach((side, reload) -> {
            try {
                report(side, reload.get());
            } catch (RuntimeException e) {
                // A reload never throws by contract; if one did, the next check must still run.
                report(side, new TlsReload(TlsReload.Outcome.FAILED, e.toString()));
            }
        });
    }

    private void report(String side, TlsReload r) {
        switch (r.outcome()) {
            case UNCHANGED -> {
            }
            case RELOADED -> {
                metrics.tlsReload(side, true);
                log.println("sluice: TLS " + side + " files reloaded for new connections: " + r.detail());
            }
            case FAILED -> {
                metrics.tlsReload(side, false);
                log.println("sluice: TLS " + side + " files changed but cannot be used, keeping the ones in use: "
                        + r.detail());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
