package dev.sluice.inspector.redact;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The second pass over a body a front end held whole: the first pass inspected it, the policy
 * decided over all its findings ({@link dev.sluice.policy.Policy#decide}, minimum counts
 * included), and this pass inspects it again with a plan keyed by finding identity (start, end,
 * detector id). Inspection is deterministic, so the second pass finds the same findings and each
 * chosen one is masked exactly as a streaming session would.
 */
public final class BodyRewriter {
    private BodyRewriter() {
    }

    /** A finding of the first pass and the mask its value gets. */
    public record Masked(Finding finding, ValueMask mask) {
    }

    /** What a rewrite gave: the body to forward, the second pass's result and the body's Content-Encoding now. */
    public record Rewritten(byte[] body, InspectionResult result, String outputEncoding) {
        @Override
        public String toString() {
            return "Rewritten[" + body.length + " bytes, " + result.redactedValues() + " redacted, encoding="
                    + outputEncoding + "]";
        }
    }

    private record Identity(long start, long end, String id) {
        static Identity of(Finding f) {
            return new Identity(f.start(), f.end(), f.id());
        }
    }

    /** A plan that masks exactly the findings of {@code masked}, recognised by start, end and detector id. */
    public static RedactionPlan planOf(List<Masked> masked) {
        Map<Identity, ValueMask> byIdentity = new HashMap<>();
        for (Masked m : masked) {
            byIdentity.put(Identity.of(m.finding()), m.mask());
        }
        return f -> byIdentity.get(Identity.of(f));
    }

    /** Rewrites the held {@code body} with {@code plan}, in one chunk. */
    public static Rewritten rewrite(Inspector inspector, BodySpec spec, byte[] body, RedactionPlan plan) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        Pass pass = rewrite(inspector, spec, body, plan, out::write);
        return new Rewritten(out.toByteArray(), pass.result(), pass.outputEncoding());
    }

    /**
     * Rewrites the held {@code body} with {@code plan} into {@code out} (a front end's bounded
     * buffer, say), in one chunk; returns the second pass's result and output encoding.
     */
    public static Pass rewrite(Inspector inspector, BodySpec spec, byte[] body, RedactionPlan plan, BodyOutput out) {
        Objects.requireNonNull(body, "body");
        try (InspectionSession s = inspector.openRewriting(spec, plan, out)) {
            s.feed(body, 0, body.length);
            return new Pass(s.finish(), s.outputEncoding());
        }
    }

    /** What a second pass ended with: its inspection result and the encoding of what it wrote. */
    public record Pass(InspectionResult result, String outputEncoding) {
    }
}
