package dev.sluice.policy;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.mask.MaskSpec;
import java.util.Objects;

/**
 * One entry of a route's actions: for findings of {@code selector} in {@code direction} (null:
 * both), take {@code action}, redacting with {@code mask}, but only once the body carries at
 * least {@code minCount} distinct such values; below that the entry is passed over and the
 * next one in the lookup order decides. {@code origin} says where the entry was written
 * ({@code routes[payments].response.credit_card}), for events and explanations.
 */
public record ActionRule(DetectorSelector selector, Direction direction, Action action, MaskSpec mask, int minCount,
                         String origin) {
    public ActionRule {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(origin, "origin");
        if (action == Action.REDACT && mask == null) {
            mask = MaskSpec.fixed(null);
        }
        if (action != Action.REDACT && mask != null) {
            throw new IllegalArgumentException(origin + ": a mask is only for action redact");
        }
        if (minCount < 1) {
            throw new IllegalArgumentException(origin + ": min_count must be at least 1, got " + minCount);
        }
    }

    /** A rule with no minimum count. */
    public static ActionRule of(DetectorSelector selector, Direction direction, Action action, MaskSpec mask,
                                String origin) {
        return new ActionRule(selector, direction, action, mask, 1, origin);
    }

    @Override
    public String toString() {
        return origin + ": " + action.label() + (mask == null ? "" : " (" + mask + ")")
                + (minCount > 1 ? " when >= " + minCount : "");
    }
}
