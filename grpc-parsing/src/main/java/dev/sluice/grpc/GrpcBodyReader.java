package dev.sluice.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import dev.sluice.grpc.descriptor.MessageTypeLookup;
import dev.sluice.grpc.frame.FrameError;
import dev.sluice.grpc.frame.FrameListener;
import dev.sluice.grpc.frame.GrpcEncoding;
import dev.sluice.grpc.frame.GrpcFrameDecoder;
import dev.sluice.grpc.frame.GrpcMessage;
import dev.sluice.grpc.frame.GrpcTrailers;
import dev.sluice.grpc.frame.MessageRoom;
import dev.sluice.grpc.walk.ProtobufWalker;
import java.util.Objects;

/**
 * Reads one gRPC or protobuf body, chunk by chunk, and reports every string and bytes value of
 * every message to a {@link GrpcBodyListener}: the pipeline {@link GrpcFrameDecoder} (or, for a
 * raw protobuf body, a one-message buffer) → {@link ProtobufWalker}.
 *
 * <p>Usage, per body and direction:
 * <pre>{@code
 * GrpcBodyReader reader = GrpcBodyReader.builder()
 *         .framing(BodyFraming.GRPC)
 *         .encoding(GrpcEncoding.of(headers.get("grpc-encoding")))
 *         .messageType(method == null ? null : method.messageType(request))
 *         .lookup(registry)            // resolves Any type URLs
 *         .limits(GrpcLimits.defaults())
 *         .listener(listener)
 *         .build();
 * reader.write(chunk, 0, chunk.length); ...
 * reader.end();
 * }</pre>
 * With no message type every message is walked schema-less. Nothing is thrown from
 * {@link #write} or {@link #end} on any input; failures arrive as {@link FrameError}s and
 * {@link dev.sluice.grpc.walk.WalkProblem}s, and every byte not walked as a message is handed to
 * {@link GrpcBodyListener#uninspected}. Not thread-safe.
 */
public final class GrpcBodyReader {
    private final GrpcFrameDecoder frames;
    private final RawMessageBuffer raw;
    private final ProtobufWalker walker;
    private final Descriptor messageType;
    private final GrpcBodyListener listener;

    private GrpcBodyReader(Builder b) {
        this.listener = b.listener;
        this.messageType = b.messageType;
        this.walker = ProtobufWalker.builder().maxDepth(b.limits.maxDepth()).lookup(b.lookup).build();
        FrameListener adapter = new Adapter();
        if (b.framing == BodyFraming.RAW) {
            this.frames = null;
            this.raw = new RawMessageBuffer(b.limits.maxMessageBytes(), b.room, adapter);
        } else {
            this.raw = null;
            this.frames = GrpcFrameDecoder.builder()
                    .maxMessageBytes(b.limits.maxMessageBytes())
                    .maxDecompressedBytes(b.limits.maxDecompressedBytes())
                    .encoding(b.encoding)
                    .trailerFrames(b.framing == BodyFraming.GRPC_WEB)
                    .room(b.room)
                    .listener(adapter)
                    .build();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Takes {@code len} body bytes from {@code buf[off]}; the array is borrowed for the call. */
    public void write(byte[] buf, int off, int len) {
        if (frames != null) {
            frames.write(buf, off, len);
        } else {
            Objects.checkFromIndexSize(off, len, buf.length);
            raw.write(buf, off, len);
        }
    }

    /** The body ended. A raw protobuf body is walked now. */
    public void end() {
        if (frames != null) {
            frames.end();
        } else {
            raw.end();
        }
    }

    /** Turns frame events into walks and listener calls. */
    private final class Adapter implements FrameListener {
        @Override
        public void message(byte[] buf, int off, int len, GrpcMessage message) {
            listener.messageStart(message);
            walker.walk(messageType, buf, off, len, message.payloadOffset(), listener);
            listener.messageEnd(message, buf, off, len);
        }

        @Override
        public void error(FrameError error, long bodyOffset) {
            listener.frameError(error, bodyOffset);
        }

        @Override
        public void uninspected(byte[] buf, int off, int len, long bodyOffset) {
            listener.uninspected(buf, off, len, bodyOffset);
        }

        @Override
        public void trailers(GrpcTrailers trailers, long bodyOffset) {
            listener.trailers(trailers, bodyOffset);
        }
    }

    /** Configuration for one body. */
    public static final class Builder {
        private BodyFraming framing = BodyFraming.GRPC;
        private GrpcEncoding encoding = GrpcEncoding.IDENTITY;
        private Descriptor messageType;
        private MessageTypeLookup lookup;
        private GrpcLimits limits = GrpcLimits.defaults();
        private MessageRoom room = MessageRoom.UNBOUNDED;
        private GrpcBodyListener listener;

        private Builder() {
        }

        /** How the body carries messages (default GRPC). */
        public Builder framing(BodyFraming framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        /** The call's {@code grpc-encoding} (default identity); unused for RAW bodies. */
        public Builder encoding(GrpcEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** Type of every message in the body, or null to walk schema-less. */
        public Builder messageType(Descriptor messageType) {
            this.messageType = messageType;
            return this;
        }

        /** Resolves {@code Any} type URLs; null leaves every Any schema-less. */
        public Builder lookup(MessageTypeLookup lookup) {
            this.lookup = lookup;
            return this;
        }

        public Builder limits(GrpcLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Asked before a message buffer grows (default: always room). */
        public Builder room(MessageRoom room) {
            this.room = Objects.requireNonNull(room, "room");
            return this;
        }

        public Builder listener(GrpcBodyListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public GrpcBodyReader build() {
            if (listener == null) {
                throw new IllegalStateException("listener is required");
            }
            return new GrpcBodyReader(this);
        }
    }
}
