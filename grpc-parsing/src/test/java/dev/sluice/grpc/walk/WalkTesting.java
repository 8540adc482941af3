package dev.sluice.grpc.walk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.sluice.grpc.descriptor.MessageTypeLookup;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Shared helpers for walker tests: building messages, walking them at an offset, raw wire bytes. */
public final class WalkTesting {
    /** Where the message sits in the array handed to the walker, and what body offset that is. */
    static final int ARRAY_OFFSET = 3;
    static final long BODY_OFFSET = 1000;

    private WalkTesting() {
    }

    /** Walks {@code message} placed at an offset inside a larger array; checks every value's offset. */
    public static RecordingVisitor walk(Descriptor type, byte[] message, MessageTypeLookup lookup, int maxDepth) {
        byte[] padded = new byte[message.length + ARRAY_OFFSET + 7];
        Arrays.fill(padded, (byte) 0x5a);
        System.arraycopy(message, 0, padded, ARRAY_OFFSET, message.length);
        RecordingVisitor v = new RecordingVisitor();
        ProtobufWalker.builder().maxDepth(maxDepth).lookup(lookup).build()
                .walk(type, padded, ARRAY_OFFSET, message.length, BODY_OFFSET, v);
        for (RecordedValue r : v.values) {
            int at = (int) (r.bodyOffset() - BODY_OFFSET);
            assertArrayEquals(Arrays.copyOfRange(message, at, at + r.length()), r.bytes(), r.toString());
        }
        return v;
    }

    public static RecordingVisitor walk(Descriptor type, byte[] message) {
        return walk(type, message, TestSchemas.registry(), ProtobufWalker.DEFAULT_MAX_DEPTH);
    }

    public static DynamicMessage.Builder builder(Descriptor type) {
        return DynamicMessage.newBuilder(type);
    }

    public static FieldDescriptor f(Descriptor type, String name) {
        FieldDescriptor field = type.findFieldByName(name);
        if (field == null) {
            throw new IllegalArgumentException(type.getFullName() + " has no field " + name);
        }
        return field;
    }

    /** An Inner with string field s. */
    public static DynamicMessage inner(String s) {
        Descriptor t = TestSchemas.inner();
        return builder(t).setField(f(t, "s"), s).build();
    }

    /** A map entry message of {@code mapField} with the given key and value. */
    public static DynamicMessage entry(Descriptor owner, String mapField, Object key, Object value) {
        Descriptor e = f(owner, mapField).getMessageType();
        return builder(e).setField(e.findFieldByNumber(1), key).setField(e.findFieldByNumber(2), value).build();
    }

    public static byte[] bytes(Message m) {
        return m.toByteArray();
    }

    /** Hand-written wire bytes. */
    public static final class Wire {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Wire varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        public Wire tag(int number, int wireType) {
            return varint(((long) number << 3) | wireType);
        }

        public Wire len(int number, byte[] payload) {
            tag(number, 2).varint(payload.length);
            out.writeBytes(payload);
            return this;
        }

        public Wire len(int number, String payload) {
            return len(number, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public Wire raw(byte... b) {
            out.writeBytes(b);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
