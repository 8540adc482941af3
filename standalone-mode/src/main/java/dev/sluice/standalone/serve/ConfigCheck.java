package dev.sluice.standalone.serve;

import dev.sluice.standalone.config.ConsoleOptions;
import dev.sluice.standalone.config.HashKey;
import dev.sluice.standalone.config.SluiceConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice serve|extproc|spoe --check}, in the spirit of {@code nginx -t}: reads and checks
 * everything a start would read — the hash key, the policy with its detectors compiled, the
 * descriptor sets, the TLS files and the backend ({@code serve}), the console's API key — and
 * binds, writes and sends nothing, so a configuration can be tried before a rollout. Every
 * problem is reported, not only the first.
 */
public final class ConfigCheck {
    /** Which front end's start to check: {@code serve} also needs a backend and reads the TLS files. */
    public enum FrontEnd { SERVE, EXTPROC, SPOE }

    private ConfigCheck() {
    }

    /**
     * Checks {@code config} for {@code frontEnd} ({@code env} as a start would see it).
     *
     * @return what a start would run with, a line each
     * @throws StartupException with every problem found, a line each
     */
    public static List<String> run(FrontEnd frontEnd, SluiceConfig config, Map<String, String> env)
            throws StartupException {
        List<String> problems = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        HashKey key = null;
        try {
            key = CoreRuntime.hashKey(config);
            lines.add(key.describe());
        } catch (StartupException e) {
            problems.addAll(e.lines());
        }
        if (key != null) {
            try (SharedRuntime shared = SharedRuntime.load(config, key.hasher(), env)) {
                lines.add(shared.describe());
            } catch (StartupException e) {
                problems.addAll(e.lines());
            }
        }
        if (frontEnd == FrontEnd.SERVE) {
            try {
                // The builder names a missing backend and a TLS file it cannot use, as at a start.
                config.proxyConfigBuilder().build();
                lines.add("proxy " + config.proxyListen() + " -> " + config.backend().orElseThrow()
                        + (config.tlsCertFile().isPresent() ? ", TLS files read" : ""));
            } catch (IllegalStateException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        config.console().ifPresent(console -> checkConsole(console, config, lines, problems));
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        return List.copyOf(lines);
    }

    private static void checkConsole(ConsoleOptions console, SluiceConfig config, List<String> lines,
                                     List<String> problems) {
        try {
            console.settings(config.policyFile());
            lines.add("console " + console.url() + ", API key read");
        } catch (IOException e) {
            problems.add("console: cannot read the API key file " + console.apiKeyFile());
        } catch (IllegalArgumentException e) {
            problems.add("console: " + e.getMessage());
        }
    }
}
