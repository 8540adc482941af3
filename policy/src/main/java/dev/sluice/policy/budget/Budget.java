package dev.sluice.policy.budget;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One budget of a policy: no token may receive more than {@code maxDistinct} distinct values
 * of the given detectors or categories within {@code window}; the body that would go over is
 * blocked, and so is every later body in {@code direction} for that token until
 * {@code cooldown} has passed. At most {@code maxTokens} tokens are tracked (least recently
 * seen evicted first), each with at most {@code maxDistinct} values.
 */
public record Budget(String name, Set<String> detectorIds, Set<Category> categories, int maxDistinct,
                     Duration window, Duration cooldown, int maxTokens, Direction direction) {
    public static final int MAX_DISTINCT = 10_000;
    public static final int MAX_TOKENS = 1_000_000;
    public static final int DEFAULT_MAX_TOKENS = 10_000;

    public Budget {
        Objects.requireNonNull(name, "name");
        detectorIds = Set.copyOf(detectorIds);
        categories = Set.copyOf(categories);
        Objects.requireNonNull(direction, "direction");
        if (detectorIds.isEmpty() && categories.isEmpty()) {
            throw new IllegalArgumentException("budget '" + name + "' counts no detector or category");
        }
        if (maxDistinct < 1 || maxDistinct > MAX_DISTINCT) {
            throw new IllegalArgumentException("budget '" + name + "': max_distinct must be in 1.." + MAX_DISTINCT);
        }
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("budget '" + name + "': max_tokens must be in 1.." + MAX_TOKENS);
        }
        if (window.isNegative() || window.isZero() || cooldown.isNegative()) {
            throw new IllegalArgumentException("budget '" + name + "': window must be positive, cooldown not negative");
        }
    }

    /** True when findings of this detector count against the budget. */
    public boolean counts(String detectorId, Category category) {
        return detectorIds.contains(detectorId) || categories.contains(category);
    }
}
