package dev.sluice.standalone.cli;

import dev.sluice.standalone.config.ConfigError;
import dev.sluice.standalone.config.ConfigException;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.config.SluiceConfigLoader;
import dev.sluice.standalone.serve.ServeRuntime;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice serve [--config FILE]}: reads the configuration (file and environment, see
 * {@code standalone-mode/CONFIG.md}), starts {@link ServeRuntime} and runs until the process is
 * stopped (SIGTERM, Ctrl-C), then shuts down in order. Events go to standard output (or the
 * configured file), startup lines to standard error. Exit 2 with every error, one per line
 * ({@code FILE:LINE:COL: message}), when the configuration or the policy is invalid or an address
 * cannot be bound.
 */
final class ServeCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ServeCommand(PrintStream out, PrintStream err, Map<String, String> env) {
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
                        err.println("sluice serve: --config needs a file");
                        return 2;
                    }
                    configOption = args[++i];
                }
                case "-h", "--help" -> {
                    out.println("usage: sluice serve [--config FILE]   (see standalone-mode/CONFIG.md)");
                    return 0;
                }
                default -> {
                    err.println("sluice serve: unknown option " + args[i]);
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
        ServeRuntime runtime;
        try {
            runtime = ServeRuntime.start(config, env, err);
        } catch (StartupException e) {
            e.lines().forEach(line -> err.println("sluice serve: " + line));
            return 2;
        }
        UntilStopped.await(runtime, err);
        return 0;
    }
}
