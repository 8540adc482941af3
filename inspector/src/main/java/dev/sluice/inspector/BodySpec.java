package dev.sluice.inspector;

import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.matchers.Direction;
import java.util.Objects;

/**
 * What an inspection session needs to know about one body before its first byte: its direction,
 * its Content-Type and Content-Encoding, for protobuf bodies how to read the messages, the
 * sequence of bodies it continues, if any, and a bound of its own on the bytes inspected (a
 * policy route's), if any.
 * Immutable; build with {@link #builder(Direction)}.
 */
public final class BodySpec {
    private final Direction direction;
    private final String contentType;
    private final String contentEncoding;
    private final ProtobufSpec protobuf;
    private final MessageSequence sequence;
    private final long maxInspectedBytes;

    private BodySpec(Builder b) {
        this.direction = b.direction;
        this.contentType = b.contentType;
        this.contentEncoding = b.contentEncoding;
        this.protobuf = b.protobuf;
        this.sequence = b.sequence;
        this.maxInspectedBytes = b.maxInspectedBytes;
    }

    public static Builder builder(Direction direction) {
        return new Builder(direction);
    }

    public Direction direction() {
        return direction;
    }

    /** The Content-Type, or null (scanned raw). */
    public String contentType() {
        return contentType;
    }

    /** The Content-Encoding, or null (identity). */
    public String contentEncoding() {
        return contentEncoding;
    }

    /**
     * How to read protobuf messages, or null. A gRPC or protobuf Content-Type without it is
     * walked schema-less; a body of another type with it (such as
     * {@code application/octet-stream} on a route configured to carry a message type) is read as
     * one raw protobuf message.
     */
    public ProtobufSpec protobuf() {
        return protobuf;
    }

    /** The sequence of bodies this one continues (a WebSocket's messages one way), or null. */
    public MessageSequence sequence() {
        return sequence;
    }

    /**
     * The body bytes this body is inspected for, replacing {@link InspectionLimits#maxInspectedBytes()};
     * 0 when the inspector's applies.
     */
    public long maxInspectedBytes() {
        return maxInspectedBytes;
    }

    @Override
    public String toString() {
        return "BodySpec[" + direction + ", contentType=" + contentType + ", contentEncoding=" + contentEncoding
                + ", protobuf=" + (protobuf == null ? "none" : protobuf.messageType() == null ? "schemaless"
                : protobuf.messageType().getFullName()) + "]";
    }

    public static final class Builder {
        private final Direction direction;
        private String contentType;
        private String contentEncoding;
        private ProtobufSpec protobuf;
        private MessageSequence sequence;
        private long maxInspectedBytes;

        private Builder(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder contentEncoding(String contentEncoding) {
            this.contentEncoding = contentEncoding;
            return this;
        }

        public Builder protobuf(ProtobufSpec protobuf) {
            this.protobuf = protobuf;
            return this;
        }

        /**
         * The body is the next of {@code sequence}: text a stream cut across bodies is joined
         * (see {@link MessageSequence}); null for a body on its own.
         */
        public Builder sequence(MessageSequence sequence) {
            this.sequence = sequence;
            return this;
        }

        /**
         * Inspects at most {@code bytes} of this body, in place of the inspector's
         * {@link InspectionLimits#maxInspectedBytes()} (a route's own bound); 0 keeps the inspector's.
         */
        public Builder maxInspectedBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxInspectedBytes must be >= 0, got " + bytes);
            }
            this.maxInspectedBytes = bytes;
            return this;
        }

        public BodySpec build() {
            return new BodySpec(this);
        }
    }
}
