package dev.sluice.inspector.head;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.decode.Base64DecodingSink;
import dev.sluice.inspector.grpc.GrpcBodyParser;
import dev.sluice.matchers.ValueSink;

/**
 * The value of a gRPC binary metadata field ({@code <name>-bin}: base64, padding optional) in a
 * response's head or trailers: read decoded, as one protobuf message walked without a schema,
 * its values under the field's path ({@code header:grpc-status-details-bin.3.2.2}). A failed call's {@code grpc-status-details-bin}
 * is a {@code google.rpc.Status} whose details may be a {@code DebugInfo} with the server's stack
 * trace, or an {@code ErrorInfo} with its metadata. Bytes that are no message (a binary trace
 * context) are scanned as they decode. Decoded bytes have no wire bytes of their own: a value's
 * offsets fall inside the field's value, which a redaction removes whole ({@link HeadRedactor}).
 *
 * <p>What the walk meets (a value that is not a message at all) is the field's own business, not
 * the head's: its problems are recorded apart and never become the head's outcome, which would
 * put every call with a trace context under the fail rule.
 */
final class BinaryFieldValue implements ParserContext {
    private static final String PROTOBUF = "application/x-protobuf";

    private final ParserContext head;
    private final OutcomeRecorder own = new OutcomeRecorder();

    private BinaryFieldValue(ParserContext head) {
        this.head = head;
    }

    /** Whether a header's lower-case name marks a binary value, as gRPC's metadata convention says. */
    static boolean binary(String lowerCaseName) {
        return lowerCaseName.endsWith("-bin");
    }

    /** The parser for one binary field's value, whose first byte sits at {@code wireOffset}. */
    static ByteSink open(ParserContext head, long wireOffset, String path) {
        return new Base64DecodingSink(new GrpcBodyParser(new BinaryFieldValue(head), PROTOBUF, wireOffset, path));
    }

    @Override
    public ValueSink sink() {
        return head.sink();
    }

    @Override
    public InspectionLimits limits() {
        return head.limits();
    }

    @Override
    public HeldMemory heldMemory() {
        return head.heldMemory();
    }

    @Override
    public OutcomeRecorder outcomes() {
        return own;
    }

    @Override
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        return head.open(contentType, baseOffset, name, depth);
    }
}
