package dev.sluice.standalone.serve;

import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.proxy.ProxyConfig;
import dev.sluice.standalone.proxy.ServerTls;
import dev.sluice.standalone.proxy.SidecarProxy;
import dev.sluice.standalone.proxy.spi.FailMode;
import java.io.PrintStream;
import java.util.Map;

/**
 * A running {@code sluice serve}: the sidecar proxy in front of the backend, every body inspected
 * as it streams, the policy's decision carried out and reported through the event log and the
 * metrics, the admin endpoint on loopback. The proxy is the front end on a {@link CoreRuntime},
 * which starts and closes everything in dependency order.
 *
 * <p>In enforce mode the policy's decisions are carried out (see {@link BodyInspection}); in detect
 * mode every body is forwarded unchanged and the would-be decision is reported. The proxy's own
 * fail mode (what a filter failure does) follows the policy at startup: see {@link #proxyFailMode}.
 */
public final class ServeRuntime extends FrontEndRuntime {
    private final SidecarProxy proxy;

    private ServeRuntime(CoreRuntime core, SidecarProxy proxy) {
        super(core);
        this.proxy = proxy;
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
        ProxyConfig.Builder proxyConfig;
        try {
            proxyConfig = config.proxyConfigBuilder();
        } catch (IllegalArgumentException e) {
            // A TLS file that is missing or unusable: before anything starts, like a bad policy file.
            throw new StartupException(e.getMessage());
        }
        ServeRuntime serve = CoreRuntime.start(config, env, log, core -> {
            SharedRuntime shared = core.shared();
            ProxyConfig built = proxyConfig.failMode(proxyFailMode(shared.policy())).build();
            SidecarProxy proxy = core.listen("proxy.listen " + config.proxyListen(), () -> SidecarProxy.start(
                    built, new InspectingFilters(shared, core.reporter(), config.maxHeldBodyBytes())));
            core.metrics().bindProxy(proxy);
            TlsReloader reloader = TlsReloader.start(built, config.tlsReloadInterval(), core.metrics(), log);
            if (reloader != null) {
                core.closeWith(reloader);
            }
            return new ServeRuntime(core, proxy);
        });
        serve.announce(config, log, "every body is forwarded unchanged; events say what enforce would do",
                "proxy on " + config.proxyListen().host() + ":" + serve.proxyPort() + tlsNote(config) + " -> "
                        + config.backend().get());
        return serve;
    }

    private static String tlsNote(SluiceConfig config) {
        return config.tlsCertFile().isEmpty() ? "" : " (TLS by " + ServerTls.engine()
                + (config.tlsClientCaFile().isPresent() ? ", client certificates required)" : ")");
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

    /** The proxy's bound port (the real one when port 0 was configured). */
    public int proxyPort() {
        return proxy.port();
    }

    @Override
    public String toString() {
        return "ServeRuntime[proxy=" + proxy.port() + ", admin=" + adminPort() + ", ready=" + isReady() + "]";
    }
}
