package dev.sluice.grpc.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.sluice.grpc.descriptor.DescriptorRegistry;
import dev.sluice.grpc.walk.ProtobufWalker;
import dev.sluice.grpc.walk.RandomMessages;
import dev.sluice.grpc.walk.RecordedValue;
import dev.sluice.grpc.walk.RecordingVisitor;
import dev.sluice.grpc.walk.TestSchemas;
import dev.sluice.grpc.walk.ValueKind;
import dev.sluice.grpc.walk.WalkTesting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class MessageEditorTest {
    private static final Descriptor OUTER = TestSchemas.outer();
    private static final DescriptorRegistry REGISTRY = TestSchemas.registry();

    private static RecordingVisitor walk(Descriptor type, byte[] msg) {
        RecordingVisitor v = new RecordingVisitor();
        ProtobufWalker.builder().lookup(REGISTRY).build().walk(type, msg, 0, msg.length, 0, v);
        return v;
    }

    @RepeatedTest(200)
    void editedMessageParsesWithTheValuesReplacedAndAllElseEqual(RepetitionInfo info) throws Exception {
        RandomMessages gen = new RandomMessages(info.getCurrentRepetition());
        Random rnd = gen.random();
        DynamicMessage original = gen.outer();
        byte[] bytes = original.toByteArray();
        List<RecordedValue> candidates = walk(OUTER, bytes).values.stream()
                .filter(v -> !v.path().endsWith("type_url")).toList();
        List<ValueEdit> edits = new ArrayList<>();
        Map<ByteString, ByteString> replacements = new HashMap<>();
        for (RecordedValue v : candidates) {
            if (rnd.nextInt(3) != 0) {
                continue;
            }
            int start = (int) v.bodyOffset();
            int end = start + v.length();
            byte[] repl = ascii(rnd, rnd.nextInt(4) == 0 ? 130 + rnd.nextInt(100) : rnd.nextInt(12));
            ByteString before = ByteString.copyFrom(v.bytes());
            if (rnd.nextBoolean()) {
                edits.add(ValueEdit.replaceValue(start, end, repl));
                replacements.put(before, ByteString.copyFrom(repl));
            } else {
                int from = start + rnd.nextInt(v.length() + 1);
                int to = from + rnd.nextInt(end - from + 1);
                edits.add(ValueEdit.replaceRange(start, end, from, to, repl));
                replacements.put(before, before.substring(0, from - start).concat(ByteString.copyFrom(repl))
                        .concat(before.substring(to - start)));
            }
        }
        java.util.Collections.shuffle(edits, rnd);
        byte[] edited = MessageEditor.edit(bytes, 0, bytes.length, edits);

        DynamicMessage parsed = DynamicMessage.parseFrom(OUTER, edited);
        DynamicMessage expected = (DynamicMessage) replace(DynamicMessage.parseFrom(OUTER, bytes), replacements);
        // Any.value is compared as bytes: re-encode the parsed side's Anys the same way first
        assertEquals(expected, replace(parsed, Map.of()));
        if (!replacements.containsValue(ByteString.EMPTY)) {
            // proto3 omits an empty string where the editor keeps its tag with length 0: same message
            assertArrayEquals(expected.toByteArray(), edited, "re-encoded exactly as the runtime would");
        }
    }

    @Test
    void noEditsGiveTheSameBytes() {
        byte[] bytes = new RandomMessages(5).outer().toByteArray();
        assertArrayEquals(bytes, MessageEditor.edit(bytes, 0, bytes.length, List.of()));
    }

    @Test
    void editsWorkOnAMessageInsideALargerArray() throws Exception {
        DynamicMessage m = DynamicMessage.newBuilder(OUTER)
                .setField(OUTER.findFieldByName("inner"), WalkTesting.inner("4111111111111111")).build();
        byte[] msg = m.toByteArray();
        byte[] body = new byte[msg.length + 10];
        System.arraycopy(msg, 0, body, 7, msg.length);
        RecordedValue v = walk(OUTER, msg).at("inner.s");
        int s = (int) v.bodyOffset();
        byte[] framed = MessageEditor.editFrame(body, 7, msg.length,
                List.of(ValueEdit.replaceRange(s, s + 16, s, s + 12, "************".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(0, framed[0]);
        assertEquals(framed.length - 5, java.nio.ByteBuffer.wrap(framed, 1, 4).getInt());
        DynamicMessage parsed = DynamicMessage.parseFrom(OUTER, java.util.Arrays.copyOfRange(framed, 5, framed.length));
        assertEquals("************1111", ((Message) parsed.getField(OUTER.findFieldByName("inner")))
                .getField(TestSchemas.inner().findFieldByName("s")));
    }

    @Test
    void groupsOnTheWayNeedNoLengthFix() throws Exception {
        Descriptor legacy = TestSchemas.legacy();
        Descriptor row = legacy.findFieldByName("row").getMessageType();
        DynamicMessage m = DynamicMessage.newBuilder(legacy)
                .addRepeatedField(legacy.findFieldByName("row"), DynamicMessage.newBuilder(row)
                        .setField(row.findFieldByName("cell"), "secret").build())
                .setField(legacy.findFieldByName("title"), "t").build();
        byte[] bytes = m.toByteArray();
        RecordedValue v = walk(legacy, bytes).at("row[0].cell");
        byte[] edited = MessageEditor.edit(bytes, 0, bytes.length, List.of(ValueEdit.replaceValue(
                (int) v.bodyOffset(), (int) v.end(), "[REDACTED]".getBytes(StandardCharsets.US_ASCII))));
        DynamicMessage parsed = DynamicMessage.parseFrom(legacy, edited);
        assertTrue(parsed.toString().contains("cell: \"[REDACTED]\""), parsed.toString());
        assertTrue(parsed.toString().contains("title: \"t\""));
    }

    @Test
    void rawRestOfAMalformedMessageCanBeEdited() {
        byte[] inner = new WalkTesting.Wire().len(1, "fine").raw((byte) 0, (byte) 'k', (byte) 'e', (byte) 'y').bytes();
        byte[] msg = new WalkTesting.Wire().len(2, inner).len(22, "after").bytes();
        RecordingVisitor v = walk(OUTER, msg);
        RecordedValue raw = v.at("inner");
        assertEquals(ValueKind.BYTES, raw.kind());
        byte[] edited = MessageEditor.edit(msg, 0, msg.length, List.of(ValueEdit.replaceRange(
                (int) raw.bodyOffset(), (int) raw.end(), (int) raw.bodyOffset() + 1, (int) raw.end(), new byte[] {'X'})));
        byte[] expectedInner = new WalkTesting.Wire().len(1, "fine").raw((byte) 0, (byte) 'X').bytes();
        assertArrayEquals(new WalkTesting.Wire().len(2, expectedInner).len(22, "after").bytes(), edited);
    }

    @Test
    void overlappingOrOutOfRangeEditsAreRefused() {
        byte[] msg = new WalkTesting.Wire().len(1, "abcdef").bytes();
        assertThrows(IllegalArgumentException.class, () -> MessageEditor.edit(msg, 0, msg.length, List.of(
                ValueEdit.replaceRange(2, 8, 2, 5, new byte[0]), ValueEdit.replaceRange(2, 8, 4, 6, new byte[0]))));
        assertThrows(IllegalArgumentException.class, () -> MessageEditor.edit(msg, 0, msg.length, List.of(
                ValueEdit.replaceValue(2, 9, new byte[0]))));
        assertThrows(IllegalArgumentException.class, () -> ValueEdit.replaceRange(2, 8, 1, 5, new byte[0]));
    }

    @Test
    void toStringShowsNoBytes() {
        String s = ValueEdit.replaceValue(1, 5, "secret".getBytes(StandardCharsets.US_ASCII)).toString();
        assertTrue(!s.contains("secret") && s.contains("6 bytes"), s);
    }

    /** Replaces string and bytes values by content, recursing into messages, map entries and resolved Anys. */
    private static Message replace(Message m, Map<ByteString, ByteString> replacements) throws Exception {
        Message.Builder b = m.toBuilder();
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor fd = e.getKey();
            if (fd.isRepeated()) {
                b.clearField(fd);
                for (Object item : (List<?>) e.getValue()) {
                    b.addRepeatedField(fd, replaceOne(fd, item, replacements));
                }
            } else {
                b.setField(fd, replaceOne(fd, e.getValue(), replacements));
            }
        }
        if (m.getDescriptorForType().getFullName().equals("google.protobuf.Any")) {
            Descriptor t = REGISTRY.findByTypeUrl((String) m.getField(m.getDescriptorForType().findFieldByNumber(1))).orElseThrow();
            FieldDescriptor value = m.getDescriptorForType().findFieldByNumber(2);
            Message inner = replace(DynamicMessage.parseFrom(t, (ByteString) m.getField(value)), replacements);
            b.setField(value, inner.toByteString());
        }
        return b.build();
    }

    private static Object replaceOne(FieldDescriptor fd, Object value, Map<ByteString, ByteString> r) throws Exception {
        return switch (fd.getJavaType()) {
            case STRING -> {
                ByteString s = r.get(ByteString.copyFromUtf8((String) value));
                yield s == null ? value : s.toStringUtf8();
            }
            case BYTE_STRING -> fd.getContainingType().getFullName().equals("google.protobuf.Any")
                    ? value : r.getOrDefault((ByteString) value, (ByteString) value);
            case MESSAGE -> replace((Message) value, r);
            default -> value;
        };
    }

    private static byte[] ascii(Random rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('!' + rnd.nextInt(90));
        }
        return b;
    }
}
