package dev.sluice.policy.reload;

import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The policy in force, swapped atomically: readers take {@link #get()} once per body and use
 * that snapshot throughout, so a reload never mixes two policies in one decision. An optional
 * mode override ({@code SLUICE_MODE}) is applied to every policy set.
 */
public final class PolicyHolder implements Supplier<Policy> {
    private final AtomicReference<Policy> current;
    private final Mode override;

    /** A holder starting with {@code initial}; {@code modeOverride} may be null. */
    public PolicyHolder(Policy initial, Mode modeOverride) {
        this.override = modeOverride;
        this.current = new AtomicReference<>(apply(Objects.requireNonNull(initial, "initial")));
    }

    @Override
    public Policy get() {
        return current.get();
    }

    /** Puts {@code next} in force and returns the policy it replaced. */
    public Policy set(Policy next) {
        return current.getAndSet(apply(Objects.requireNonNull(next, "next")));
    }

    private Policy apply(Policy p) {
        return override == null ? p : p.withMode(override);
    }

    @Override
    public String toString() {
        return "PolicyHolder[" + current.get() + (override == null ? "" : ", mode override " + override.label()) + "]";
    }
}
