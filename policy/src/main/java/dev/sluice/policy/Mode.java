package dev.sluice.policy;

import java.util.Locale;

/** Whether decisions are carried out ({@code enforce}) or only computed and reported ({@code detect}). */
public enum Mode {
    ENFORCE, DETECT;

    /** Computed once: labels go into every event and metric. */
    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** The mode with this label ({@code enforce}, {@code detect}), or null. */
    public static Mode fromLabel(String label) {
        for (Mode m : values()) {
            if (m.label().equals(label)) {
                return m;
            }
        }
        return null;
    }
}
