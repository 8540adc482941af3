package dev.sluice.standalone.serve;

import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.policy.Decision;
import dev.sluice.standalone.exchange.MessageHeads;
import dev.sluice.standalone.proxy.spi.HeaderMap;
import java.util.List;

/**
 * A response's trailers, inspected as its head's fields are (a gRPC call that fails after its
 * messages says why in {@code grpc-message}, where a stack trace prints the datasource URL), their
 * findings joined after the rest of the response's, and their values masked in place when the
 * decision redacts them.
 */
final class InspectedTrailers {
    private final HeadBytes bytes;
    private final InspectionResult found;
    private int first;

    private InspectedTrailers(HeadBytes bytes, InspectionResult found) {
        this.bytes = bytes;
        this.found = found;
    }

    /** The trailers inspected; null when there are none, or nothing was found in them. */
    static InspectedTrailers of(Inspector inspector, int status, HeaderMap trailers) {
        if (trailers.size() == 0) {
            return null;
        }
        HeadBytes bytes = HeadBytes.response(status);
        trailers.forEach(bytes::header);
        InspectionResult found = inspector.inspectResponseHead(bytes);
        return MessageHeads.holdsAnything(found) ? new InspectedTrailers(bytes, found) : null;
    }

    /** {@code result} (null: none) with the trailers' findings appended, once. */
    InspectionResult after(InspectionResult result) {
        first = result == null ? 0 : result.findings().size();
        return MessageHeads.merge(result, found);
    }

    /**
     * Masks the trailers' values {@code decision} (made over {@link #after}'s findings,
     * {@code merged}) redacts, in {@code trailers}; true when one was.
     */
    boolean redact(Decision decision, InspectionResult merged, HeaderMap trailers) {
        return set(trailers, HeadRedactor.rewrite(bytes, decision, merged.findings(), first));
    }

    /**
     * Puts {@code rewritten} in {@code fields} (a head's or trailers'): each name's values
     * replaced by its rewritten list. True when there was any.
     */
    static boolean set(HeaderMap fields, List<HeadRedactor.Rewritten> rewritten) {
        for (HeadRedactor.Rewritten field : rewritten) {
            fields.remove(field.name());
            field.values().forEach(v -> fields.add(field.name(), v));
        }
        return !rewritten.isEmpty();
    }
}
