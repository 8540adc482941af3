/**
 * Rewriting a body while it is inspected: a {@link dev.sluice.inspector.redact.RedactionPlan}
 * names the findings whose values are replaced, a {@link dev.sluice.inspector.redact.BodyOutput}
 * receives the body as it should be forwarded. Opened with
 * {@link dev.sluice.inspector.Inspector#openRewriting}.
 */
package dev.sluice.inspector.redact;
