package dev.sluice.inspector;

import java.util.List;

/**
 * What an inspection found and how it ended.
 *
 * @param findings       sorted by start offset
 * @param outcome        COMPLETE, or the first problem that stopped full inspection
 * @param detail         a short explanation of the outcome that names no body bytes
 * @param inspectedBytes body bytes (as sent) that were inspected
 */
public record InspectionResult(List<Finding> findings, Outcome outcome, String detail, long inspectedBytes) {
    public InspectionResult {
        findings = List.copyOf(findings);
    }
}
