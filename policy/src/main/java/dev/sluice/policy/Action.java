package dev.sluice.policy;

import dev.sluice.matchers.Labels;

/** What happens to a finding, least to most severe. */
public enum Action {
    /** Not reported. */
    IGNORE,
    /** Reported in events and metrics; the body passes unchanged. */
    ALERT,
    /** Reported, and the value is replaced in the body by its mask. */
    REDACT,
    /** Reported, and the whole body is refused. */
    BLOCK;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    public String label() {
        return label;
    }

    /** The action with this label, or null. */
    public static Action fromLabel(String label) {
        return Labels.find(values(), label);
    }
}
