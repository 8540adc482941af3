package dev.sluice.standalone.cli;

import dev.sluice.policy.yaml.PolicyError;
import dev.sluice.policy.yaml.PolicyLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sluice check-policy FILE...}: validates policy files and prints every error as
 * {@code FILE:LINE:COL: message} (with a suggestion for unknown keys and detector ids).
 * Exit 0 when every file is valid, 1 when one has errors, 2 on a usage error.
 */
final class CheckPolicyCommand {
    private final PrintStream out;
    private final PrintStream err;

    CheckPolicyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        if (args.length == 0) {
            err.println("sluice check-policy: give one or more policy files");
            return 2;
        }
        PolicyLoader loader = PolicyLoader.builder().build();
        boolean invalid = false;
        for (String file : args) {
            if (file.startsWith("--")) {
                err.println("sluice check-policy: unknown option " + file);
                return 2;
            }
            List<PolicyError> errors = loader.check(Path.of(file));
            if (errors.isEmpty()) {
                out.println(file + ": ok");
            } else {
                invalid = true;
                out.println(PolicyLoader.format(file, errors));
            }
        }
        return invalid ? 1 : 0;
    }
}
