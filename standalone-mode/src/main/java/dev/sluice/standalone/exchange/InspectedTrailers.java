package dev.sluice.standalone.exchange;

import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import java.util.List;

/**
 * A message's trailers, inspected as its head's fields are, their findings joined after the rest
 * of the message's. A response's: a gRPC call that fails after its messages says why in
 * {@code grpc-message}, where a stack trace prints the datasource URL, and the values a decision
 * redacts are rewritten for the front end to set in place. A request's: read for attacks, as its
 * head's fields are (a backend that merges trailers into headers reads them as such), and never
 * rewritten, as its head is not.
 */
public final class InspectedTrailers {
    private final HeadBytes bytes;
    private final InspectionResult found;
    private final Direction direction;
    private int first;

    private InspectedTrailers(HeadBytes bytes, InspectionResult found, Direction direction) {
        this.bytes = bytes;
        this.found = found;
        this.direction = direction;
    }

    /**
     * The trailers of a message sent in {@code direction}, read into {@code bytes} (a response
     * head of the response's status, or {@link HeadBytes#requestTrailers}), inspected; null when
     * nothing was found in them.
     */
    public static InspectedTrailers of(Inspector inspector, HeadBytes bytes, Direction direction) {
        InspectionResult found = direction == Direction.REQUEST ? inspector.inspectRequestHead(bytes)
                : inspector.inspectResponseHead(bytes);
        return MessageHeads.holdsAnything(found) ? new InspectedTrailers(bytes, found, direction) : null;
    }

    /** {@code result} (null: none) with the trailers' findings appended, once. */
    public InspectionResult after(InspectionResult result) {
        first = result == null ? 0 : result.findings().size();
        return MessageHeads.merge(result, found);
    }

    /**
     * The trailers' fields {@code decision} (made over {@link #after}'s findings, {@code merged})
     * redacts, each with its values masked; empty when it redacts none, and for a request's.
     */
    public List<HeadRedactor.Rewritten> redacted(Decision decision, InspectionResult merged) {
        if (direction == Direction.REQUEST) {
            return List.of();
        }
        return HeadRedactor.rewrite(bytes, decision, merged.findings(), first);
    }
}
