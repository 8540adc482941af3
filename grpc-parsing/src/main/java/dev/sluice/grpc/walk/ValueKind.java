package dev.sluice.grpc.walk;

/** What a reported value is. */
public enum ValueKind {
    /**
     * A protobuf {@code string} field, or a schema-less length-delimited field that is valid
     * UTF-8. The bytes are the payload as sent, not checked for UTF-8 in schema mode.
     */
    STRING,
    /**
     * A {@code bytes} field, a schema-less field that is neither text nor a message, or raw
     * wire data that could not be walked (after a {@link WalkProblem}).
     */
    BYTES
}
