package dev.sluice.grpc.walk;

/**
 * Receives the string and bytes values of a message in wire order, one call per value.
 *
 * <p>Borrowing: {@code path} is the walker's own mutable path, valid only during the call (copy it
 * with {@link FieldPath#toString()} or {@link FieldPath#appendTo}); {@code buf} is borrowed for the
 * call only. Neither may be kept.
 *
 * <p>Offsets: {@code buf[off]} is the first payload byte of the value (no tag, no length prefix);
 * {@code bodyOffset} is where that byte sits in the body, as computed from the base offset given
 * to {@link ProtobufWalker#walk}. Zero-length values are not reported.
 */
public interface ValueVisitor {

    /**
     * One value.
     *
     * @param path       dotted field path from the root message ({@code payment.card.number},
     *                   {@code users[2].email}, {@code labels[env]}; {@code 1.3.2} schema-less)
     * @param key        the name the value is stored under (field name, map key, Struct key), or
     *                   null when only a field number is known; the same as {@code path.key()}
     * @param kind       string or bytes
     * @param mode       whether a descriptor or the wire format alone placed the value
     * @param bodyOffset offset of {@code buf[off]} in the body
     */
    void value(FieldPath path, String key, ValueKind kind, WalkMode mode,
               byte[] buf, int off, int len, long bodyOffset);

    /**
     * Part of the message could not be walked field by field; the raw value that follows covers
     * it. {@code bodyOffset} is where the problem was found. The default ignores it.
     */
    default void problem(WalkProblem problem, FieldPath path, long bodyOffset) {
    }
}
