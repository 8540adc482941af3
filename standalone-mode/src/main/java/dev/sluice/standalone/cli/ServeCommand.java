package dev.sluice.standalone.cli;

import dev.sluice.standalone.serve.ConfigCheck;
import dev.sluice.standalone.serve.ServeRuntime;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code sluice serve [--config FILE]}: reads the configuration (file and environment, see
 * {@code standalone-mode/CONFIG.md}), starts {@link ServeRuntime} and runs until the process is
 * stopped (SIGTERM, Ctrl-C), then shuts down in order. Events go to standard output (or the
 * configured file), startup lines to standard error. Exit 2 with every error, one per line
 * ({@code FILE:LINE:COL: message}), when the configuration or the policy is invalid or an address
 * cannot be bound.
 */
final class ServeCommand {
    static final String USAGE = "usage: sluice serve [--config FILE] [--check]   (see standalone-mode/CONFIG.md)";
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ServeCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        return ConfiguredService.run("serve", USAGE, ServeRuntime::start, ConfigCheck.FrontEnd.SERVE, args, out, err,
                env);
    }
}
