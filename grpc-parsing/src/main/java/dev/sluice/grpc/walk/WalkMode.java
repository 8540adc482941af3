package dev.sluice.grpc.walk;

/** How the walker knew where a value was; findings should say which. */
public enum WalkMode {
    /** From the message's descriptor: the path holds field names. */
    SCHEMA,
    /**
     * From the wire format alone (no descriptor, an unknown field, an unresolved {@code Any}):
     * the path holds field numbers and whether a field is text, bytes or a message was guessed.
     */
    SCHEMALESS
}
