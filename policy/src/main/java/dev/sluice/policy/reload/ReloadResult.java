package dev.sluice.policy.reload;

import dev.sluice.policy.Policy;
import dev.sluice.policy.yaml.PolicyError;
import dev.sluice.policy.yaml.PolicyLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * One reload attempt: the new policy in force, or the errors that kept the last good one in force.
 */
public record ReloadResult(Path file, Policy policy, List<PolicyError> errors) {
    public ReloadResult {
        errors = List.copyOf(errors);
    }

    public boolean success() {
        return policy != null;
    }

    /** {@code success} or {@code failure}: the metric label. */
    public String label() {
        return success() ? "success" : "failure";
    }

    /** The errors, one {@code FILE:LINE:COL: message} line each. */
    public String describe() {
        return success() ? file + ": reloaded" : PolicyLoader.format(file.toString(), errors);
    }
}
