package dev.sluice.policy;

import dev.sluice.matchers.Category;
import java.util.Objects;

/**
 * What the policy needs to know of one finding: detector id, category, field path (such as
 * {@code $.users[3].card}; null in unstructured bodies) and the keyed hash of the value (null
 * when unknown). Never the value itself, so {@code toString} is safe to log.
 */
public record PolicyFinding(String detectorId, Category category, String fieldPath, String valueHash) {
    public PolicyFinding {
        Objects.requireNonNull(detectorId, "detectorId");
        Objects.requireNonNull(category, "category");
    }
}
