package dev.sluice.standalone.cli;

import dev.sluice.standalone.extproc.ExtProcRuntime;
import dev.sluice.standalone.serve.ConfigCheck;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code sluice extproc [--config FILE]}: Envoy's external processing service on
 * {@code extproc.listen} ({@code SLUICE_EXTPROC_LISTEN}, default {@code 0.0.0.0:50051}), with the
 * same sluice.yaml, policy, events and admin endpoint as {@code sluice serve}; no backend is
 * needed (Envoy forwards). Runs until stopped; exit 2 with every error, one per line, when the
 * configuration or the policy is invalid or an address cannot be bound.
 */
final class ExtProcCommand {
    static final String USAGE = "usage: sluice extproc [--config FILE] [--check]   (Envoy ext_proc server; see README, "
            + "\"Envoy and Istio (ext_proc)\")";
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ExtProcCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        return ConfiguredService.run("extproc", USAGE, ExtProcRuntime::start, ConfigCheck.FrontEnd.EXTPROC, args, out,
                err, env);
    }
}
