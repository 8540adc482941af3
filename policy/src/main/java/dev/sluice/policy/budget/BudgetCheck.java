package dev.sluice.policy.budget;

/** What recording one body's values against a budget found. */
public record BudgetCheck(Status status, int distinct) {
    public static final BudgetCheck WITHIN_EMPTY = new BudgetCheck(Status.WITHIN, 0);

    public enum Status {
        /** The token stays within its budget; {@code distinct} values are counted in the window. */
        WITHIN,
        /** This body would take the token over its budget: block it and start the cool-down. */
        TRIPPED,
        /** The token is cooling down after going over: block. */
        COOLING_DOWN
    }

    public boolean blocks() {
        return status != Status.WITHIN;
    }
}
