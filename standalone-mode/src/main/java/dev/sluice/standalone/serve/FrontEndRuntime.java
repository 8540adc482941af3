package dev.sluice.standalone.serve;

import dev.sluice.policy.Mode;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.SluiceConfig;
import java.io.PrintStream;

/**
 * What a running front end ({@code sluice serve}, {@code sluice extproc}) answers about itself
 * whatever its protocol: its admin port, readiness and metrics, its startup lines, and closing,
 * all through the {@link CoreRuntime} it runs on.
 */
public abstract class FrontEndRuntime implements AutoCloseable {
    private final CoreRuntime core;

    protected FrontEndRuntime(CoreRuntime core) {
        this.core = core;
    }

    /**
     * Logs what started: the policy and schemas, {@code detectNote} in detect mode, and
     * {@code listening} (where the front end listens) with the admin port and the event log.
     */
    protected final void announce(SluiceConfig config, PrintStream log, String detectNote, String listening) {
        log.println("sluice: " + core.shared().describe());
        if (core.shared().policy().mode() == Mode.DETECT) {
            log.println("sluice: mode detect: " + detectNote);
        }
        log.println("sluice: " + listening + "; admin on " + config.adminListen().host() + ":" + adminPort()
                + "; events to " + config.describeEvents());
    }

    /** The admin endpoint's bound port. */
    public final int adminPort() {
        return core.adminPort();
    }

    public final boolean isReady() {
        return core.isReady();
    }

    public final SluiceMetrics metrics() {
        return core.metrics();
    }

    /** Stops, in the order of {@link CoreRuntime}; later calls do nothing. */
    @Override
    public final void close() {
        core.close();
    }
}
