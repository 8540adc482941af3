package dev.sluice.policy.yaml;

import dev.sluice.policy.Policy;
import java.util.List;

/** A loaded policy, or the errors that kept it from loading (sorted by position). Never both. */
public record LoadResult(Policy policy, List<PolicyError> errors) {
    public LoadResult {
        errors = List.copyOf(errors);
        if ((policy == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a load result has a policy or errors");
        }
    }

    public boolean ok() {
        return policy != null;
    }
}
