package dev.sluice.standalone.cli;

import dev.sluice.standalone.config.ConfigError;
import dev.sluice.standalone.config.ConfigException;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.config.SluiceConfigLoader;
import dev.sluice.standalone.serve.ConfigCheck;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of a long-running service command ({@code serve}, {@code extproc}, {@code spoe}):
 * {@code [--config FILE] [--check]}, the configuration from the file and the environment, start,
 * run until stopped. Exit 2 with every error, one per line, when the configuration or the policy
 * is invalid or an address cannot be bound. With {@code --check}, everything a start reads is
 * read and checked ({@link ConfigCheck}), nothing is started, and the exit is 0 when it would start.
 */
final class ConfiguredService {
    /** Starts the service from its configuration. */
    @FunctionalInterface
    interface Starter {
        AutoCloseable start(SluiceConfig config, Map<String, String> env, PrintStream log) throws StartupException;
    }

    private ConfiguredService() {
    }

    static int run(String name, String usage, Starter starter, ConfigCheck.FrontEnd frontEnd, String[] args,
                   PrintStream out, PrintStream err, Map<String, String> env) {
        String configOption = null;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("sluice " + name + ": --config needs a file");
                        return 2;
                    }
                    configOption = args[++i];
                }
                case "--check" -> check = true;
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
        if (check) {
            return check(name, frontEnd, config, env, out, err);
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

    private static int check(String name, ConfigCheck.FrontEnd frontEnd, SluiceConfig config, Map<String, String> env,
                             PrintStream out, PrintStream err) {
        try {
            List<String> lines = ConfigCheck.run(frontEnd, config, env);
            lines.forEach(line -> out.println("sluice " + name + ": " + line));
            out.println("sluice " + name + ": configuration OK");
            return 0;
        } catch (StartupException e) {
            e.lines().forEach(line -> err.println("sluice " + name + ": " + line));
            return 2;
        }
    }
}
