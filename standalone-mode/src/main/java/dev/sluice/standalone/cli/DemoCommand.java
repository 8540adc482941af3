package dev.sluice.standalone.cli;

import dev.sluice.standalone.config.EventsOutput;
import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.serve.Demo;
import dev.sluice.standalone.serve.StartupException;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code sluice demo [--listen HOST:PORT] [--admin-listen HOST:PORT]}: starts a leaky demo
 * service and Sluice in front of it (on {@code 127.0.0.1:8080}, or {@code SLUICE_LISTEN}; admin
 * on {@code SLUICE_ADMIN_LISTEN} or {@code 127.0.0.1:9464}) and prints curl commands to try;
 * events follow on standard output. Runs until stopped.
 */
final class DemoCommand {
    static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8080);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    DemoCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        HostPort listen;
        HostPort admin;
        try {
            listen = address(env.get("SLUICE_LISTEN"), DEFAULT_LISTEN);
            admin = address(env.get("SLUICE_ADMIN_LISTEN"), SluiceConfig.DEFAULT_ADMIN_LISTEN);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--listen" -> listen = HostPort.parse(value(args, ++i, "--listen"));
                    case "--admin-listen" -> admin = HostPort.parse(value(args, ++i, "--admin-listen"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("sluice demo: " + e.getMessage());
            return 2;
        }
        Demo demo;
        try {
            demo = Demo.start(listen, admin, EventsOutput.STDOUT, env, err);
        } catch (StartupException e) {
            e.lines().forEach(line -> err.println("sluice demo: " + line));
            return 2;
        }
        out.println(demo.banner());
        out.flush();
        UntilStopped.await(demo, err);
        return 0;
    }

    private static HostPort address(String fromEnv, HostPort fallback) {
        return fromEnv == null || fromEnv.isBlank() ? fallback : HostPort.parse(fromEnv.strip());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs HOST:PORT");
        }
        return args[i];
    }
}
