package dev.sluice.standalone.cli;

import dev.sluice.standalone.config.ConfigError;
import dev.sluice.standalone.config.ConfigException;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.config.SluiceConfigLoader;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of a long-running service command ({@code serve}, {@code extproc}, {@code spoe}):
 * {@code [--config FILE]}, the configuration from the file and the environment, start, run
 * until stopped. Exit 2 with every error, one per line, when the configuration or the policy
 * is invalid or an address cannot be bound.
 */
final class ConfiguredService {
    /** Starts the service from its configuration. */
    @FunctionalInterface
    interface Starter {
        AutoCloseable start(SluiceConfig config, Map<String, String> env, PrintStream log) throws StartupException;
    }

    private ConfiguredService() {
    }

    static int run(String name, String usage, Starter starter, String[] args, PrintStream out, PrintStream err,
                   Map<String, String> env) {
        String configOption = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("sluice " + name + ": --config needs a file");
                        return 2;
                    }
                    configOption = args[++i];
                }
                case "-h", "--help" -> {
                    out.println(usage);
                    return 0;
                }
                default -> {
                    err.println("sluice " + name + ": unknown option " + args[i]);
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
        AutoCloseable running;
        try {
            running = starter.start(config, env, err);
        } catch (StartupException e) {
            e.lines().forEach(line -> err.println("sluice " + name + ": " + line));
            return 2;
        }
        UntilStopped.await(running, err);
        return 0;
    }
}
