package dev.sluice.matchers;

import dev.sluice.matchers.Labels;

/** Which way a body travels: requests are inspected for attacks and leaks, responses for leaks. */
public enum Direction {
    REQUEST, RESPONSE;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    public String label() {
        return label;
    }

    /** Parses {@code request} or {@code response}, in any case. */
    public static Direction fromLabel(String label) {
        Direction found = Labels.findIgnoringCase(values(), label);
        if (found == null) {
            throw new IllegalArgumentException("unknown direction '" + label + "' (expected request or response)");
        }
        return found;
    }
}
