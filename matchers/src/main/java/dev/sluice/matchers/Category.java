package dev.sluice.matchers;

import dev.sluice.matchers.Labels;

/** What kind of thing a detector finds; the scorer's {@code --category} and the policy key off it. */
public enum Category {
    /** Personal data: emails, cards, national ids, phone numbers. */
    PII,
    /** Credentials: keys, tokens, passwords. */
    SECRET,
    /** Request-side attack signatures (SQL injection, XSS, ...). */
    ATTACK;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    /** The lower-case name used in corpora, configuration and events. */
    public String label() {
        return label;
    }

    /** Parses {@code pii}, {@code secret} or {@code attack}, in any case. */
    public static Category fromLabel(String label) {
        Category found = Labels.findIgnoringCase(values(), label);
        if (found == null) {
            throw new IllegalArgumentException("unknown category '" + label + "' (expected pii, secret or attack)");
        }
        return found;
    }
}
