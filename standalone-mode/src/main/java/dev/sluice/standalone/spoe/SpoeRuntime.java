package dev.sluice.standalone.spoe;

import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.serve.CoreRuntime;
import dev.sluice.standalone.serve.FrontEndRuntime;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.util.Map;

/**
 * A running {@code sluice spoe}: the HAProxy SPOE agent on {@code spoe.listen}, every body
 * HAProxy sends inspected and decided, events and metrics as in {@code sluice serve}, the admin
 * endpoint on loopback. HAProxy's rules carry the decision out from the variables the agent sets.
 */
public final class SpoeRuntime extends FrontEndRuntime {
    private final SpoeServer server;

    private SpoeRuntime(CoreRuntime core, SpoeServer server) {
        super(core);
        this.server = server;
    }

    /**
     * Starts with {@code config}; {@code env} names the destination service; startup lines go to
     * {@code log}.
     *
     * @throws StartupException when something cannot start; everything started so far is closed
     */
    public static SpoeRuntime start(SluiceConfig config, Map<String, String> env, PrintStream log)
            throws StartupException {
        SpoeSettings settings = SpoeSettings.of(config);
        SpoeRuntime r = CoreRuntime.start(config, env, log, core -> new SpoeRuntime(core,
                core.listen("spoe.listen " + config.spoeListen(), () -> SpoeServer.start(config.spoeListen(),
                        settings, new SpoeCheck(core.shared(), core.reporter())))));
        r.announce(config, log, "bodies are inspected and reported; action is never block or redact",
                "SPOE agent on " + config.spoeListen().host() + ":" + r.port());
        return r;
    }

    /** The agent's bound port (the real one when port 0 was configured). */
    public int port() {
        return server.port();
    }

    @Override
    public String toString() {
        return "SpoeRuntime[spoe=" + server.port() + ", admin=" + adminPort() + ", ready=" + isReady() + "]";
    }
}
