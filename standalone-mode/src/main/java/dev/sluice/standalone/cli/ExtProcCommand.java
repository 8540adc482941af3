package dev.sluice.standalone.cli;

import dev.sluice.standalone.config.ConfigError;
import dev.sluice.standalone.config.ConfigException;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.config.SluiceConfigLoader;
import dev.sluice.standalone.extproc.ExtProcRuntime;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice extproc [--config FILE]}: Envoy's external processing service on
 * {@code extproc.listen} ({@code SLUICE_EXTPROC_LISTEN}, default {@code 0.0.0.0:50051}), with the
 * same sluice.yaml, policy, events and admin endpoint as {@code sluice serve}; no backend is
 * needed (Envoy forwards). Runs until stopped; exit 2 with every error, one per line, when the
 * configuration or the policy is invalid or an address cannot be bound.
 */
final class ExtProcCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ExtProcCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        String configOption = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("sluice extproc: --config needs a file");
                        return 2;
                    }
                    configOption = args[++i];
                }
                case "-h", "--help" -> {
                    out.println("usage: sluice extproc [--config FILE]   (Envoy ext_proc server; see README, "
                            + "\"Envoy and Istio (ext_proc)\")");
                    return 0;
                }
                default -> {
                    err.println("sluice extproc: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        SluiceConfig config;
        try {
            Optional<Path> file = SluiceConfigLoader.configFile(configOption, env, Path.of(""));
            config = SluiceConfigLoader.load(file, env);
        } catch (ConfigException e) {
            e.errors().stream().map(ConfigError::format).forEach(err::println);
            return 2;
        }
        ExtProcRuntime runtime;
        try {
            runtime = ExtProcRuntime.start(config, env, err);
        } catch (StartupException e) {
            e.lines().forEach(line -> err.println("sluice extproc: " + line));
            return 2;
        }
        UntilStopped.await(runtime, err);
        return 0;
    }
}
