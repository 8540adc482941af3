package dev.sluice.grpc.walk;

/**
 * Why part of a message was not walked field by field. In both cases the bytes concerned are
 * still reported, as one raw {@link ValueKind#BYTES} value, so a matcher can scan them.
 */
public enum WalkProblem {
    /**
     * The wire data is invalid (a truncated or overlong varint, a length past the end of its
     * message, field number 0, wire type 6 or 7, an unmatched end-group tag). Walking stops at
     * the field where it happened; the rest of the innermost length-delimited message containing
     * it (from that field's tag to its end) is reported raw, and the enclosing messages carry on,
     * since their own lengths still hold. The root message is checked before it is walked: when
     * its own top level does not parse, it is reported raw as a whole and not walked at all (it is
     * most likely not protobuf).
     */
    MALFORMED,
    /** A message nested deeper than the walker's depth limit; its payload is reported raw. */
    DEPTH_LIMIT
}
