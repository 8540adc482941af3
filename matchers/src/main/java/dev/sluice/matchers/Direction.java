package dev.sluice.matchers;

import java.util.Locale;

/** Which way a body travels: requests are inspected for attacks and leaks, responses for leaks. */
public enum Direction {
    REQUEST, RESPONSE;

    /** Computed once: labels go into every event and metric. */
    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** Parses {@code request} or {@code response}, in any case. */
    public static Direction fromLabel(String label) {
        for (Direction d : values()) {
            if (d.label().equalsIgnoreCase(label)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + label + "' (expected request or response)");
    }
}
