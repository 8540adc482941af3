package dev.sluice.policy;

import dev.sluice.matchers.Labels;

/** Whether decisions are carried out ({@code enforce}) or only computed and reported ({@code detect}). */
public enum Mode {
    ENFORCE, DETECT;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    public String label() {
        return label;
    }

    /** The mode with this label ({@code enforce}, {@code detect}), or null. */
    public static Mode fromLabel(String label) {
        return Labels.find(values(), label);
    }
}
