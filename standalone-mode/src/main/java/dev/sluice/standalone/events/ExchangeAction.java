package dev.sluice.standalone.events;

import dev.sluice.matchers.Labels;
import dev.sluice.policy.Action;
import dev.sluice.policy.Decision;
import dev.sluice.policy.Verdict;

/**
 * What the policy did with one body as a whole, for events and the {@code action} label of
 * {@code sluice_exchanges_total}: {@code allow} (nothing to report), {@code alert},
 * {@code redact} or {@code block}. In detect mode this is the would-be action; the event's
 * {@code mode} says that nothing was carried out.
 */
public enum ExchangeAction {
    ALLOW, ALERT, REDACT, BLOCK;

    /** Computed once: labels go into every event and metric. */
    private final String label = Labels.of(this);

    public String label() {
        return label;
    }

    /** The action a decision asks for: block when its would-be verdict blocks, else its strongest finding's. */
    public static ExchangeAction of(Decision decision) {
        if (decision.wouldBeVerdict() == Verdict.BLOCK) {
            return BLOCK;
        }
        return of(decision.strongestAction());
    }

    /** {@code ignore} is {@code allow}; the others keep their names. */
    public static ExchangeAction of(Action strongest) {
        return switch (strongest) {
            case IGNORE -> ALLOW;
            case ALERT -> ALERT;
            case REDACT -> REDACT;
            case BLOCK -> BLOCK;
        };
    }
}
