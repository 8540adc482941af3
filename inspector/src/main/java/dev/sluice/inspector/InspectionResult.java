package dev.sluice.inspector;

import java.util.List;

/**
 * What an inspection found and how it ended.
 *
 * @param findings       sorted by start offset
 * @param outcome        COMPLETE, or the first problem that stopped full inspection
 * @param detail         a short explanation of the outcome that names no body bytes
 * @param inspectedBytes body bytes (as sent) that were inspected
 * @param redactedValues values replaced in the output of a rewriting session (0 otherwise)
 */
public record InspectionResult(List<Finding> findings, Outcome outcome, String detail, long inspectedBytes,
                               int redactedValues) {
    public InspectionResult {
        findings = List.copyOf(findings);
    }

    /** The result of a session that rewrote nothing. */
    public InspectionResult(List<Finding> findings, Outcome outcome, String detail, long inspectedBytes) {
        this(findings, outcome, detail, inspectedBytes, 0);
    }
}
