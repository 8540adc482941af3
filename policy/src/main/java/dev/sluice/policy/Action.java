package dev.sluice.policy;

import java.util.Locale;

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
    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** The action with this label, or null. */
    public static Action fromLabel(String label) {
        for (Action a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        return null;
    }
}
