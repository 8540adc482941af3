package dev.sluice.inspector;

/**
 * Remembers the first non-complete {@link Outcome} of an inspection and a short detail that
 * never contains body bytes (a field path, a limit and its value). Later problems are
 * counted but do not replace the first, which is the one that explains the rest.
 */
public final class OutcomeRecorder {
    /** Also told of every outcome recorded here; null for a session's own recorder. */
    private final OutcomeRecorder parent;
    private Outcome outcome = Outcome.COMPLETE;
    private String detail = "";
    private int problems;

    public OutcomeRecorder() {
        this(null);
    }

    private OutcomeRecorder(OutcomeRecorder parent) {
        this.parent = parent;
    }

    /**
     * A recorder for one stage of the pipeline: what it records counts here too, and the stage's
     * own outcome can still be told apart from the rest.
     */
    public OutcomeRecorder child() {
        return new OutcomeRecorder(this);
    }

    /** Records {@code outcome} with a detail that names no body bytes. */
    public void record(Outcome outcome, String detail) {
        if (outcome == Outcome.COMPLETE) {
            return;
        }
        if (parent != null) {
            parent.record(outcome, detail);
        }
        problems++;
        if (this.outcome == Outcome.COMPLETE) {
            this.outcome = outcome;
            this.detail = detail;
        }
    }

    public Outcome outcome() {
        return outcome;
    }

    public String detail() {
        return detail;
    }

    /** How many problems were recorded, the first included. */
    public int problems() {
        return problems;
    }

    @Override
    public String toString() {
        return outcome == Outcome.COMPLETE ? "COMPLETE" : outcome + " (" + detail + ")";
    }
}
