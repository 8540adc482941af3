package dev.sluice.inspector.redact;

import dev.sluice.inspector.Finding;

/**
 * Decides, the moment a finding is final, whether its value is rewritten on the way out and
 * with which mask. Called on the inspecting thread, once per finding, in no particular order.
 */
@FunctionalInterface
public interface RedactionPlan {
    /** Rewrites nothing: the body leaves as it came. */
    RedactionPlan NONE = f -> null;

    /** The mask for {@code finding}'s value, or null to leave it as it is. */
    ValueMask maskFor(Finding finding);
}
