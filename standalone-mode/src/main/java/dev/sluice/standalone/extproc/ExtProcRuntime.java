package dev.sluice.standalone.extproc;

import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.serve.CoreRuntime;
import dev.sluice.standalone.serve.FrontEndRuntime;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A running {@code sluice extproc}: Envoy's ext_proc service on {@code extproc.listen}, every body
 * Envoy sends inspected and the policy carried out (block, redact, alert), events and metrics as
 * in {@code sluice serve}, the admin endpoint on loopback. The gRPC server is the front end on a
 * {@link CoreRuntime}, which starts and closes everything in dependency order.
 */
public final class ExtProcRuntime extends FrontEndRuntime {
    private final ExtProcServer server;

    private ExtProcRuntime(CoreRuntime core, ExtProcServer server) {
        super(core);
        this.server = server;
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
        ExtProcSettings settings = tune.apply(ExtProcSettings.of(config));
        ExtProcRuntime r = CoreRuntime.start(config, env, log, core -> new ExtProcRuntime(core,
                core.listen("extproc.listen " + config.extprocListen(), () -> ExtProcServer.start(
                        config.extprocListen(), settings,
                        timer -> new SluiceExternalProcessor(core.shared(), core.reporter(), settings, timer)))));
        r.announce(config, log, "bodies are inspected and reported, never changed or blocked",
                "ext_proc on " + config.extprocListen().host() + ":" + r.port());
        return r;
    }

    /** The ext_proc server's bound port (the real one when port 0 was configured). */
    public int port() {
        return server.port();
    }

    @Override
    public String toString() {
        return "ExtProcRuntime[extproc=" + server.port() + ", admin=" + adminPort() + ", ready=" + isReady() + "]";
    }
}
