package dev.sluice.standalone.exchange;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Outcome;
import dev.sluice.policy.Decision;
import dev.sluice.policy.Redaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A message head's inspection joined to its body's, so that each message of an exchange is
 * decided and reported once, whichever front end saw it.
 */
public final class MessageHeads {
    private MessageHeads() {
    }

    /** Whether a head's inspection has anything to decide on: a finding, or an inspection cut short. */
    public static boolean holdsAnything(InspectionResult head) {
        return !head.findings().isEmpty() || head.outcome() != Outcome.COMPLETE;
    }

    /**
     * {@code body}'s findings, then {@code head}'s: a decision's redactions over the joined list
     * keep their indexes into the body's findings, and those past them (the head's, which no
     * body rewrite can reach) are left out of the body's rewrite. The first outcome that is not
     * complete, the body's first. Either may be null (no body; nothing from the head): the other
     * is the result.
     */
    public static InspectionResult merge(InspectionResult body, InspectionResult head) {
        if (head == null || body == null) {
            return head == null ? body : head;
        }
        List<Finding> findings = new ArrayList<>(body.findings().size() + head.findings().size());
        findings.addAll(body.findings());
        findings.addAll(head.findings());
        boolean bodyComplete = body.outcome() == Outcome.COMPLETE;
        return new InspectionResult(findings, bodyComplete ? head.outcome() : body.outcome(),
                bodyComplete ? head.detail() : body.detail(), body.inspectedBytes() + head.inspectedBytes(),
                body.redactedValues());
    }

    /**
     * Whether {@code decision}, made over {@link #merge}'s findings, redacts a value of the body
     * itself ({@code body}: its own result, null when there was none) and not only of the head.
     */
    public static boolean redactsBody(Decision decision, InspectionResult body) {
        if (body == null) {
            return false;
        }
        for (Redaction r : decision.redactions()) {
            if (r.index() < body.findings().size()) {
                return true;
            }
        }
        return false;
    }
}
