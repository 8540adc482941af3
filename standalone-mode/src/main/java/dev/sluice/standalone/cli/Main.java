package dev.sluice.standalone.cli;

import dev.sluice.standalone.serve.ConfigCheck;
import dev.sluice.standalone.spoe.SpoeRuntime;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * The {@code sluice} command line: {@code serve}, {@code demo}, {@code scan}, {@code check-policy},
 * {@code extproc}, {@code spoe}, {@code --version}. Exit codes: 0 ok /
 * nothing found, 1 findings, 2 usage, configuration or input error.
 */
public final class Main {
    static final String VERSION = "0.1.0-SNAPSHOT";
    static final String SPOE_USAGE = "usage: sluice spoe [--config FILE] [--check]   (HAProxy SPOE agent; see README, "
            + "\"HAProxy (SPOE)\")";

    /** The commands that print a usage of their own for --help ({@link ConfiguredService}). */
    private static final Set<String> SERVICES = Set.of("serve", "extproc", "spoe");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    /** Runs one command; {@code in} is what {@code sluice scan -} reads. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0]) || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (!SERVICES.contains(args[0]) && Arrays.stream(rest).anyMatch(Main::isHelp)) {
            usage(out); // sluice scan --help: these commands' options are on the one page; services print their own
            return 0;
        }
        return switch (args[0]) {
            case "--version", "version" -> {
                out.println("sluice " + VERSION);
                yield 0;
            }
            case "serve" -> new ServeCommand(out, err, System.getenv()).run(rest);
            case "extproc" -> new ExtProcCommand(out, err, System.getenv()).run(rest);
            case "spoe" -> ConfiguredService.run("spoe", SPOE_USAGE, SpoeRuntime::start, ConfigCheck.FrontEnd.SPOE, rest,
                    out, err, System.getenv());
            case "demo" -> new DemoCommand(out, err, System.getenv()).run(rest);
            case "scan" -> new ScanCommand(in, out, err).run(rest);
            case "check-policy" -> new CheckPolicyCommand(out, err).run(rest);
            default -> {
                err.println("sluice: unknown command '" + args[0] + "'");
                usage(err);
                yield 2;
            }
        };
    }

    private static boolean isHelp(String arg) {
        return arg.equals("-h") || arg.equals("--help");
    }

    private static void usage(PrintStream s) {
        s.println("""
                usage: sluice <command> [options]

                commands:
                  serve [--config FILE] [--check]             run the sidecar proxy in front of BACKEND, carrying the policy out
                  extproc [--config FILE] [--check]           run the Envoy ext_proc server (SLUICE_EXTPROC_LISTEN, :50051)
                  spoe [--config FILE] [--check]              run the HAProxy SPOE agent (SLUICE_SPOE_LISTEN, :12345)
                  demo [--listen HOST:PORT]                   a leaky demo service with Sluice in front, and curl lines to try
                  scan --manifest LABELS.jsonl [--base DIR]   inspect the files of a corpus manifest
                  scan [--content-type TYPE] [--content-encoding ENC] [--direction request|response] FILE...
                                                              inspect files (FILE - is standard input)
                    scan's options for gRPC and protobuf bodies: --descriptor-set FILE (a FileDescriptorSet),
                    --grpc-method /pkg.Service/Method, --message-type pkg.Message, --no-schema (the schema-less walker)
                    and for a policy's decisions: --policy FILE (the action per finding; default: the embedded policy),
                    --out DIR (write each body redacted as the policy redacts it), --method M --host H --path /P (the
                    request the body belongs to, which selects the policy's route; default POST /)
                  check-policy FILE...                        validate policy files: FILE:LINE:COL: message per error
                  --version                                   print the version

                --check reads and checks everything the command would start with (hash key, policy, detectors, descriptor
                sets, TLS files, console key) and starts nothing: exit 0 = it would start, 2 = every problem, a line each.
                serve reads sluice.yaml and the environment (BACKEND, SLUICE_LISTEN, SLUICE_POLICY, SLUICE_MODE, ...;
                see standalone-mode/CONFIG.md); events go to stdout, one JSON line per body with findings.
                scan prints one JSON line per file: {"file", "findings": [{"id", "category", "start", "end",
                "path", "action"}]}; exit 0 = no findings, 1 = findings, 2 = error.""");
    }
}
