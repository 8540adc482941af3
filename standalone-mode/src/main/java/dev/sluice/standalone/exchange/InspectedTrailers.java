package dev.sluice.standalone.exchange;

import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.policy.Decision;
import java.util.List;

/**
 * A response's trailers, inspected as its head's fields are (a gRPC call that fails after its
 * messages says why in {@code grpc-message}, where a stack trace prints the datasource URL), their
 * findings joined after the rest of the response's, and the values a decision redacts rewritten
 * for the front end to set in place.
 */
public final class InspectedTrailers {
    private final HeadBytes bytes;
    private final InspectionResult found;
    private int first;

    private InspectedTrailers(HeadBytes bytes, InspectionResult found) {
        this.bytes = bytes;
        this.found = found;
    }

    /**
     * The trailers, read into {@code bytes} (a response head of the response's status), inspected;
     * null when nothing was found in them.
     */
    public static InspectedTrailers of(Inspector inspector, HeadBytes bytes) {
        InspectionResult found = inspector.inspectResponseHead(bytes);
        return MessageHeads.holdsAnything(found) ? new InspectedTrailers(bytes, found) : null;
    }

    /** {@code result} (null: none) with the trailers' findings appended, once. */
    public InspectionResult after(InspectionResult result) {
        first = result == null ? 0 : result.findings().size();
        return MessageHeads.merge(result, found);
    }

    /**
     * The trailers' fields {@code decision} (made over {@link #after}'s findings, {@code merged})
     * redacts, each with its values masked; empty when it redacts none.
     */
    public List<HeadRedactor.Rewritten> redacted(Decision decision, InspectionResult merged) {
        return HeadRedactor.rewrite(bytes, decision, merged.findings(), first);
    }
}
